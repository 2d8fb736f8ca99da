"""The kiosk's side of the store network (MQTT): the topics and messages both sides use
(the public contract, also read by the attendant console and the broker tools), and
later the link that publishes the lane's state and events and receives commands."""
