"""One read-only AWS API call at a time: retried by botocore, its response written to the snapshot
as the AWS CLI prints it, its failure recorded for the manifest. boto3 is imported by the caller."""
from __future__ import annotations

import datetime
import json
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from trail_lint.records import record


@record
class Failure:
    """An API call that failed after its retries: what it would have written is missing."""

    call: str                       # service:Operation
    code: str                       # AWS error code, or the botocore exception's name
    message: str
    account: str | None = None
    region: str | None = None
    target: str | None = None       # the trail, parent or policy the call was about

    def as_json(self) -> dict[str, Any]:
        return {"account": self.account, "region": self.region, "call": self.call, "target": self.target,
                "code": self.code, "message": self.message}

    def line(self) -> str:
        where = ", ".join(part for part in (
            f"account {self.account}" if self.account else "", self.region or "", self.target or "") if part)
        return f"{self.call}{f' ({where})' if where else ''}: {self.code}: {self.message}"


@dataclass
class Recorder:
    """Makes the calls of one snapshot and writes what they return under ``root``; thread-safe."""

    root: str
    failures: list[Failure] = field(default_factory=list)
    calls: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def call(self, client: Any, operation: str, *, account: str | None = None, region: str | None = None,
             target: str | None = None, answers: tuple[str, ...] = (), **arguments: Any) -> dict[str, Any] | None:
        """The whole response (every page, when the operation pages), or None when it failed. An error
        whose code is in ``answers`` is an answer, not a failure (InsightNotEnabledException)."""
        from botocore.exceptions import BotoCoreError, ClientError

        name = f"{client.meta.service_model.endpoint_prefix}:{client.meta.method_to_api_mapping[operation]}"
        try:
            if client.can_paginate(operation):
                response = client.get_paginator(operation).paginate(**arguments).build_full_result()
            else:
                response = getattr(client, operation)(**arguments)
        except ClientError as error:
            details = error.response.get("Error", {})
            if details.get("Code") in answers:
                return None
            self.fail(Failure(name, str(details.get("Code") or "ClientError"),
                              str(details.get("Message") or error), account, region, target))
            return None
        except BotoCoreError as error:
            self.fail(Failure(name, type(error).__name__, str(error), account, region, target))
            return None
        finally:
            with self._lock:
                self.calls += 1
        response.pop("ResponseMetadata", None)
        return response

    def fail(self, failure: Failure) -> None:
        with self._lock:
            self.failures.append(failure)

    def write(self, relative: str, response: dict[str, Any]) -> None:
        """The response as the AWS CLI prints it (--output json): timestamps in ISO 8601."""
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(response, handle, indent=4, default=_cli_value)
            handle.write("\n")


def _cli_value(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"{type(value).__name__} is not JSON")


def client_config(max_attempts: int) -> Any:
    """Retries with exponential backoff and jitter on throttling and transient errors (botocore's
    standard mode): https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html"""
    from botocore.config import Config

    return Config(retries={"mode": "standard", "total_max_attempts": max_attempts}, connect_timeout=10,
                  read_timeout=60, user_agent_extra="trail-lint-collect")
