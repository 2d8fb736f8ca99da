"""How the shopping and attract screens show the lane's messages, and which sound each gets.

The lane (``kiosk.core.lane``) says what happened with a typed ``Message`` (a
``MessageKey``, parameters, a ``Tone`` and a ``Mood``). The words of every key live in one
place, :mod:`kiosk.ui.message_texts` (registered in :data:`kiosk.ui.messages.MESSAGES`);
this module only turns a lane message into the UI's :class:`~kiosk.ui.messages.Message`
that a banner shows (:func:`ui_message`, amounts formatted by
:func:`~kiosk.ui.message_texts.shopper_params`), picks the ``SoundKind`` of its tone
(:func:`sound_for`: added / unknown / needs-a-person / a soft tick) and lists the keys the
shopping screen shows in its own panels instead of a banner (:data:`SILENT`).
"""

from __future__ import annotations

from kiosk.core.lane.messages import Message as LaneMessage
from kiosk.core.lane.messages import Tone
from kiosk.ui.message_texts import shopper_params
from kiosk.ui.messages import MESSAGES, Message
from kiosk.ui.sound import SoundKind

__all__ = ["sound_for", "ui_message"]

_SOUNDS = {
    Tone.ADDED: SoundKind.ADDED,
    Tone.SOFT: SoundKind.SOFT,
    Tone.UNKNOWN: SoundKind.UNKNOWN,
    Tone.NEEDS_PERSON: SoundKind.NEEDS_PERSON,
}


def ui_message(message: LaneMessage) -> Message | None:
    """The UI message for ``message`` (its words are in ``MESSAGES``), or None when no
    words are registered for its key."""
    if message.key not in MESSAGES:
        return None
    return Message(message.key.value, shopper_params(message.params))


def sound_for(message: LaneMessage) -> SoundKind | None:
    """The sound for ``message``'s tone (None: silent)."""
    return _SOUNDS.get(message.tone)
