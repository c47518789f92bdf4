"""offboard-policy: compliance-as-code checks for employee offboarding under PRC labour law."""

__version__ = "0.1.0"
