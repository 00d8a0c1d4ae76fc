#!/usr/bin/env python3
"""Checks that every local href and src in a built site resolves to a file.

    check-links.py SITE-FOLDER

Prints one line per broken link ("page: target") and exits 1 if any;
otherwise prints how many pages and local links it checked.
"""
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def main():
    site = sys.argv[1]
    broken, pages, checked = [], 0, 0
    for folder, _, files in os.walk(site):
        for name in files:
            if not name.endswith(".html"):
                continue
            page = os.path.join(folder, name)
            pages += 1
            parser = Links()
            with open(page, encoding="utf-8") as f:
                parser.feed(f.read())
            for target in parser.targets:
                parts = urlsplit(target)
                if parts.scheme or parts.netloc or not parts.path:
                    continue  # web links, and anchors in the same page
                checked += 1
                path = os.path.normpath(os.path.join(folder, unquote(parts.path)))
                if not os.path.exists(path):
                    broken.append(f"{os.path.relpath(page, site)}: {target}")
                elif not os.path.realpath(path).startswith(os.path.realpath(site) + os.sep):
                    broken.append(f"{os.path.relpath(page, site)}: {target} (outside the site)")
    for line in broken:
        print(line)
    if broken:
        return 1
    print(f"{pages} pages, {checked} local links, all resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
