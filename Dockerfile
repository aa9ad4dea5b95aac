FROM python:3.12-slim-bookworm

# Unbuffered output keeps workflow commands in order with the runner's own lines.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

COPY requirements.txt /app/requirements.txt
RUN pip install --no-deps --require-hashes -r /app/requirements.txt

COPY registrar /app/registrar
COPY entrypoint.py /app/entrypoint.py

# No USER and no WORKDIR: the runner starts Docker actions as root, with the
# workspace mounted as the working directory.
ENTRYPOINT ["python", "/app/entrypoint.py"]
