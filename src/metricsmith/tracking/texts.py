"""Words the tracking views show (CLI ``status``, HTML report), in English and Russian."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "metric": "Metric", "last": "Last value", "period": "Period", "change": "Change",
        "progress": "Progress", "status": "Status", "pace": "On pace", "target": "Target",
        "baseline": "Baseline", "target_date": "Target date", "yes": "yes", "no": "no", "unknown": "—",
        "checkins": "Check-ins", "title": "Where the metrics stand", "as_of": "as of",
        "no_metrics": "The project has no metrics yet.",
    },
    "ru": {
        "metric": "Метрика", "last": "Последнее значение", "period": "Период", "change": "Изменение",
        "progress": "Прогресс", "status": "Статус", "pace": "Успеваем", "target": "Цель",
        "baseline": "Было", "target_date": "Срок", "yes": "да", "no": "нет", "unknown": "—",
        "checkins": "Замеры", "title": "Где сейчас метрики", "as_of": "на",
        "no_metrics": "В проекте пока нет метрик.",
    },
}

#: Rich styles of the statuses, by band (green on track, amber at risk, red off track).
STATUS_STYLES: dict[str, str] = {
    "achieved": "bold green", "on_track": "green", "at_risk": "yellow", "off_track": "red", "not_started": "dim",
}

#: Colours of the statuses in the HTML report, by the same bands.
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#1b7f3b", "on_track": "#2e9d4f", "at_risk": "#c98a00", "off_track": "#c62828", "not_started": "#8a8f98",
}


def labels(lang: str) -> dict[str, str]:
    return LABELS["ru" if lang == "ru" else "en"]
