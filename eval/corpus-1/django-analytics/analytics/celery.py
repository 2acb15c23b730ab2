import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "analytics.settings.prod")

REDIS_HOST = os.environ.get("REDIS_HOST", "redis-prod.internal")

app = Celery(
    "analytics",
    broker=os.getenv("BROKER", "redis://default:Rq9!redisPw@redis-prod.internal:6380/0"),
)
app.conf.result_backend = f"redis://:{os.environ['REDIS_PASSWORD']}@{REDIS_HOST}:6379/1"
app.conf.broker_use_ssl = {"ssl_cert_reqs": "required"}
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
