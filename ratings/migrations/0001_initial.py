# The empty root of the ratings migrations: the classification and the star parts each branch from it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations: list = []
