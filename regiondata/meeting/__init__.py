"""The meeting features: the agenda, the sessieplan, the pre-flight check and their SQL store."""
