from django.urls import path

from suggestions import views

urlpatterns = [
    path("articles/<int:pk>/suggestions/", views.suggestion_list, name="suggestion_list"),
    path("articles/<int:pk>/suggestions/analyse/", views.suggestion_analyse, name="suggestion_analyse"),
    path("suggestions/<int:pk>/accept/", views.suggestion_accept, name="suggestion_accept"),
    path("suggestions/<int:pk>/dismiss/", views.suggestion_dismiss, name="suggestion_dismiss"),
]
