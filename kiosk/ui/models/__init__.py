"""Qt item models: thin adapters over the Qt-free core's objects (the core stays the
source of truth; a model only tells views what changed)."""

from __future__ import annotations

from kiosk.ui.models.cart_model import CartModel, CartRole

__all__ = ["CartModel", "CartRole"]
