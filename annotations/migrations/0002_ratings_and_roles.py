from django.db import migrations

RATINGS = [
    # slug, label, value, kinds, description
    ("true", "True", 5, [], "The statement is accurate."),
    ("mostly-true", "Mostly true", 4, [], "Accurate but needs clarification or context."),
    ("mixed", "Mixed", 3, [], "Partly accurate, partly not."),
    ("mostly-false", "Mostly false", 2, [], "Contains an element of truth but is misleading."),
    ("false", "False", 1, [], "The statement is not accurate."),
    ("unverifiable", "Unverifiable", None, [], "Cannot be confirmed or refuted with available sources."),
    ("incorrect", "Incorrect", None, ["name"], "A name or spelling is wrong; the correction holds the right text."),
]

ROLES = {
    "Editor": ["article", "claim", "source"],
    "Reviewer": ["article", "claim", "source"],
    "Admin": ["article", "claim", "source", "rating"],
}


def create(apps, schema_editor):
    Rating = apps.get_model("annotations", "Rating")
    for position, (slug, label, value, kinds, description) in enumerate(RATINGS):
        Rating.objects.update_or_create(
            slug=slug,
            defaults={"label": label, "value": value, "kinds": kinds, "description": description, "position": position},
        )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name, models in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model in models:
            content_type, _ = ContentType.objects.get_or_create(app_label="annotations", model=model)
            for action in ("add", "change", "delete", "view"):
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
                )
                group.permissions.add(permission)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("annotations", "Rating").objects.filter(slug__in=[r[0] for r in RATINGS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create, remove)]
