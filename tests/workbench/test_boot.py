BOOT_TWICE = "from workbench import boot; boot('tiny'); boot('tiny')"


def test_boots_seeds_once_and_survives_restarts(run_python):
    first, restarted = run_python("-c", BOOT_TWICE), run_python("-c", BOOT_TWICE)
    assert first.returncode == restarted.returncode == 0, first.stderr + restarted.stderr
    counts = [line for line in (first.stdout + restarted.stdout).splitlines() if "posts" in line]
    assert counts == ["Data:     30 posts, 300 comments"] * 4


def test_names_an_unreachable_database(run_python):
    booted = run_python("-c", BOOT_TWICE, DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere")
    assert booted.stderr.splitlines()[-1].startswith(
        "workbench.boot.BootError: The database in DATABASE_URL does not answer"
    )


def test_names_an_unreachable_redis(run_python):
    booted = run_python("-c", BOOT_TWICE, REDIS_URL="redis://127.0.0.1:9/0")
    assert booted.stderr.splitlines()[-1].startswith(
        "workbench.boot.BootError: Redis in REDIS_URL does not answer"
    )
