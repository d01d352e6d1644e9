"""gapcheck: legal-requirement gap analysis against ISO/IEC 27001:2022."""

__version__ = "0.1.0"
__all__ = ["__version__"]
