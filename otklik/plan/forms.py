"""The content plan's forms: the list's filters, a post, a campaign.

Times are entered in the city's time zone (settings.TIME_ZONE) and leave the forms as aware
datetimes; the length rules are the actions' own (`length_errors`), checked here only to show
each error beside its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from otklik.accounts.models import Role, User
from otklik.cities.models import Territory
from otklik.photos import Picture
from otklik.plan import actions
from otklik.plan.actions import images
from otklik.plan.models import Campaign, Post
from otklik.sources.models import Source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DEFAULT_TIME = time(10, 0)


def city_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def city_moment(day: date, at: time) -> datetime:
    """A date and a wall-clock time in the city → an aware datetime."""
    return datetime.combine(day, at, tzinfo=city_zone())


def publishable_sources() -> QuerySet[Source]:
    return Source.objects.filter(kind__in=actions.PUBLISHABLE)


class PostFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="Состояние", choices=[("", "Все"), *Post.State.choices], required=False
    )
    campaign = forms.ModelChoiceField(
        label="Кампания",
        queryset=Campaign.objects.all(),
        required=False,
        empty_label="Все",
    )
    channel = forms.ModelChoiceField(
        label="Канал", queryset=publishable_sources(), required=False, empty_label="Все"
    )
    date_from = forms.DateField(label="С", required=False, widget=DATE)
    date_to = forms.DateField(label="По", required=False, widget=DATE)
    q = forms.CharField(label="Текст", required=False, max_length=200)

    def period(self) -> tuple[datetime | None, datetime | None]:
        """[start, end) in UTC-aware datetimes for the chosen days, ends inclusive."""
        data = self.cleaned_data
        start = city_moment(data["date_from"], time.min) if data.get("date_from") else None
        end = (
            city_moment(data["date_to"] + timedelta(days=1), time.min)
            if data.get("date_to")
            else None
        )
        return start, end


@dataclass
class ChannelRow:
    """One channel on the post form: its box, its text variant and its platform's limits."""

    source: Source
    checked: bool
    variant: forms.BoundField
    limit: int
    caption_limit: int | None


def _one_line_ends(text: str) -> str:
    """Browsers send "\\r\\n"; the platforms count "\\n" (and so does the live counter)."""
    return text.replace("\r\n", "\n")


class PostForm(forms.Form):
    title = forms.CharField(label="Заголовок (для себя)", max_length=200, required=False)
    text = forms.CharField(label="Текст поста", widget=forms.Textarea(attrs={"rows": 8}))
    campaign = forms.ModelChoiceField(
        label="Кампания",
        queryset=Campaign.objects.all(),
        required=False,
        empty_label="Без кампании",
    )
    channels = forms.ModelMultipleChoiceField(
        label="Каналы", queryset=Source.objects.none(), required=False
    )
    publish_date = forms.DateField(label="Дата публикации", widget=DATE)
    publish_time = forms.TimeField(label="Время", widget=TIME)
    image = forms.ImageField(
        label="Изображение",
        required=False,
        help_text="Необязательно: JPEG, PNG или WebP. Перед сохранением файл пересохраняется "
        "без метаданных (места съёмки, устройства).",
    )
    remove_image = forms.BooleanField(label="Убрать изображение", required=False)

    def __init__(self, *args: Any, post: Post | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", _initial(post))
        super().__init__(*args, **kwargs)
        self.current_image = post.image if post else ""
        used = [c.source_id for c in post.channels.all()] if post else []
        self.sources = list(
            publishable_sources()
            .filter(Q(is_active=True) | Q(pk__in=used))
            .order_by("kind", "name")
        )
        channels: Any = self.fields["channels"]
        channels.queryset = Source.objects.filter(pk__in=[s.pk for s in self.sources])
        for source in self.sources:
            self.fields[f"variant_{source.pk}"] = forms.CharField(
                label=f"Вариант для «{source}»",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "data-variant": source.pk}),
            )

    def clean_image(self) -> Picture | None:
        """The upload re-encoded (plan.actions.images): no EXIF, bounded; kept on save."""
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        upload.seek(0)
        return images.clean_upload(upload.read())

    def has_image(self, data: dict[str, Any]) -> bool:
        """Whether the saved post will have an image (a new one, or the kept one)."""
        return bool(data.get("image")) or (
            bool(self.current_image) and not data.get("remove_image")
        )

    def clean_text(self) -> str:
        return _one_line_ends(self.cleaned_data["text"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in list(data):
            if name.startswith("variant_"):
                data[name] = _one_line_ends(data[name]).strip()
        if data.get("text") and data.get("publish_date") and data.get("publish_time"):
            self._check_lengths(data)
        return data

    def _check_lengths(self, data: dict[str, Any]) -> None:
        has_image = self.has_image(data)
        for source in data.get("channels") or []:
            name = f"variant_{source.pk}"
            variant = data.get(name, "")
            for error in actions.length_errors(variant or data["text"], source.kind, has_image):
                self.add_error(name if variant else "text", f"«{source}»: {error}")

    def channel_rows(self) -> list[ChannelRow]:
        chosen = {str(getattr(v, "pk", v)) for v in self["channels"].value() or []}
        return [
            ChannelRow(
                source=source,
                checked=str(source.pk) in chosen,
                variant=self[f"variant_{source.pk}"],
                limit=actions.LIMITS[source.kind],
                caption_limit=actions.TELEGRAM_CAPTION if source.kind == "telegram" else None,
            )
            for source in self.sources
        ]

    def post_fields(self) -> dict[str, Any]:
        """The keyword arguments of actions.create_post / update_post."""
        data = self.cleaned_data
        sources = list(data["channels"])
        return {
            "title": data["title"],
            "text": data["text"],
            "campaign": data["campaign"],
            "publish_at": city_moment(data["publish_date"], data["publish_time"]),
            "sources": sources,
            "variants": {s.pk: data.get(f"variant_{s.pk}", "") for s in sources},
            "image": self._image_path(data),
        }

    def _image_path(self, data: dict[str, Any]) -> str:
        """A new upload is kept now (actions.images.keep); else the kept one, unless removed."""
        if data.get("image"):
            return images.keep(data["image"])
        return "" if data.get("remove_image") else self.current_image


def _initial(post: Post | None) -> dict[str, Any]:
    if post is None:
        tomorrow = timezone.localtime(timezone.now(), city_zone()).date() + timedelta(days=1)
        return {"publish_date": tomorrow, "publish_time": DEFAULT_TIME}
    local = timezone.localtime(post.publish_at, city_zone())
    channels = list(post.channels.all())
    return {
        "title": post.title,
        "text": post.text,
        "campaign": post.campaign_id,
        "channels": [c.source_id for c in channels],
        "publish_date": local.date(),
        "publish_time": local.time().replace(second=0, microsecond=0),
        **{f"variant_{c.source_id}": c.text for c in channels},
    }


def staff() -> QuerySet[User]:
    """Who may be responsible for a campaign: the press service."""
    return User.objects.filter(is_active=True).filter(
        Q(role__in=[Role.ADMIN, Role.MODERATOR]) | Q(is_superuser=True)
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label="Название", max_length=200)
    slug = forms.CharField(
        label="Код (латиницей)",
        max_length=64,
        required=False,
        help_text="Пусто — составится из названия",
    )
    kind = forms.ChoiceField(label="Вид", choices=Campaign.Kind.choices)
    goal = forms.CharField(label="Цель", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    starts_on = forms.DateField(label="Начало", required=False, widget=DATE)
    ends_on = forms.DateField(label="Окончание", required=False, widget=DATE)
    territories = forms.ModelMultipleChoiceField(
        label="Территории",
        queryset=Territory.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hashtags = forms.CharField(
        label="Хештеги",
        max_length=500,
        required=False,
        help_text="Через пробел или запятую, например: #БКД #Северск",
    )
    responsible = forms.ModelMultipleChoiceField(
        label="Ответственные",
        queryset=staff(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    colour = forms.CharField(
        label="Цвет в календаре",
        max_length=7,
        initial="#4a76a8",
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    @classmethod
    def for_campaign(cls, campaign: Campaign, data: Any = None) -> CampaignForm:
        initial = {
            name: getattr(campaign, name)
            for name in ("title", "slug", "kind", "goal", "starts_on", "ends_on", "hashtags")
        }
        initial["colour"] = campaign.colour
        initial["territories"] = list(campaign.territories.values_list("pk", flat=True))
        initial["responsible"] = list(campaign.responsible.values_list("pk", flat=True))
        return cls(data, initial=initial)
