def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "differential: compares iam.py with an independent IAM simulator (needs node)")
