"""Ratings URLs: the classification part and the star part keep their own lists."""
from .urls_classification import urlpatterns as classification_urls
from .urls_stars import urlpatterns as star_urls

app_name = "ratings"

urlpatterns = [*classification_urls, *star_urls]
