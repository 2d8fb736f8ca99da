"""The store catalog: products, promotions and how the kiosk looks them up."""

from kiosk.core.catalog.records import ProductInfo, PromotionInfo, PromotionKind

__all__ = ["ProductInfo", "PromotionInfo", "PromotionKind"]
