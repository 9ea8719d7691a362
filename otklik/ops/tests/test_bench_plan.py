"""otklik bench plan at a tiny size: exactly one accepted call per (post, channel)."""

from __future__ import annotations

from otklik.ops.bench_plan import bench_plan


def test_every_post_goes_out_once_per_channel_even_with_two_workers_and_rate_limits() -> None:
    result = bench_plan(2, 3, spread=1.0)
    assert result["expected_calls"] == 6
    assert result["single"]["platform_calls"] == 6
    two = result["two_workers_rate_limited"]
    assert (two["accepted"], two["posted_twice"]) == (6, 0)
    assert two["platform_calls"] == 6 + two["refused_rate_limited"]
    assert result["schedule"]["calls"] == 6
