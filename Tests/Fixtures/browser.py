"""A real browser for the live view's tests: headless Chromium, driven
through Selenium and Debian's chromedriver, answering one JSON command a
line on standard input with one JSON answer a line on standard output.

Commands ({"op": ...}):
  open URL                       load a page and wait until it is loaded
  eval SCRIPT                    run JavaScript (a function body) and answer
                                 what it returns
  wait SCRIPT [timeout]          run it until it returns something truthy
                                 (a hang guard, not a timing: the default is
                                 20 s), and answer that
  click SELECTOR                 click the first element it selects
  screenshot PATH                save the window as a PNG
  console                        the browser console's entries so far
  quit
Every answer is {"ok": true, "value": ...} or {"ok": false, "error": ...}.
"""
import json
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def make_driver(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}", "--force-device-scale-factor=1",
                     "--no-first-run", "--disable-background-networking"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main():
    width, height = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (1600, 1000)
    driver = make_driver(width, height)
    console = []
    try:
        for line in sys.stdin:
            command = json.loads(line)
            op = command["op"]
            try:
                value = None
                if op == "open":
                    driver.get(command["url"])
                elif op == "eval":
                    value = driver.execute_script(command["script"])
                elif op == "wait":
                    deadline = time.monotonic() + command.get("timeout", 20)
                    while True:
                        value = driver.execute_script(command["script"])
                        if value:
                            break
                        if time.monotonic() > deadline:
                            raise TimeoutError("timed out waiting for: " + command["script"])
                        time.sleep(0.05)
                elif op == "click":
                    driver.find_element(By.CSS_SELECTOR, command["selector"]).click()
                elif op == "screenshot":
                    driver.save_screenshot(command["path"])
                elif op == "console":
                    console += driver.get_log("browser")
                    value = console
                elif op == "quit":
                    print(json.dumps({"ok": True, "value": None}), flush=True)
                    break
                else:
                    raise ValueError("unknown op " + op)
                print(json.dumps({"ok": True, "value": value}), flush=True)
            except Exception as error:  # every failure is an answer, not a crash
                print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}), flush=True)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
