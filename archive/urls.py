from django.urls import path

from archive import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/saved/", views.saved_search_list, name="saved_search_list"),
    path("search/saved/new/", views.saved_search_create, name="saved_search_create"),
    path("search/saved/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("checked-before/", views.checked_before_text, name="checked_before_text"),
    path("claims/<int:pk>/checked-before/", views.checked_before_claim, name="checked_before_claim"),
    path("claims/<int:pk>/reuse/", views.reuse_into_claim, name="reuse_into_claim"),
    path("articles/<int:pk>/reuse/", views.reuse_into_new_claim, name="reuse_into_new_claim"),
]
