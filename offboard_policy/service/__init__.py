"""The HTTP service (``offboard-policy serve``): :func:`.app.create_app` builds it."""
