"""The desk's periodic task: forget the cards nobody has had open for a while."""

from otklik import periodic
from otklik.desk.actions import expire_presence

periodic.register(expire_presence, stage=periodic.NOTIFY + 30)
