from celery import shared_task


@shared_task(name="kbo.ping", ignore_result=False)
def ping():
    """Proves the web app, the broker and a worker are wired together."""
    return "pong"
