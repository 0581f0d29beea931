from celery import shared_task

from products.importing import remove_abandoned_uploads


@shared_task(name="products.remove_abandoned_uploads")
def remove_abandoned_uploads_task():
    """Daily: Excel uploads that were previewed but never saved."""
    return remove_abandoned_uploads()
