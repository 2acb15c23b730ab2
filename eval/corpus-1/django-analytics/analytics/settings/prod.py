from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["analytics.example.com"]

DATABASES["default"].update(
    {
        "HOST": "analytics-prod.cluster-c1x2y3z4.eu-west-1.rds.amazonaws.com",
        "PASSWORD": 'An@lyt1cs#Prod!',
    }
)
#DATABASES['default']['PASSWORD'] = 'Pr0d-Pw_2021q'

EMAIL_HOST_PASSWORD = "SG.Zm9vYmFyYmF6.qux-fakeSendgridKey-0123456789"

CELERY_RESULT_BACKEND = "db+postgresql://celery:Cel3ryRes!ult@analytics-prod.cluster-c1x2y3z4.eu-west-1.rds.amazonaws.com:5432/celery"
BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
EVENTS_BROKER = "amqp://analytics:Rabb1t!Pw@mq.internal:5672//"

SENTRY_DSN = "https://4f1e2d3c4b5a69788796a5b4c3d2e1f0@o123456.ingest.sentry.io/7654321"
