"""SageMaker PyTorch inference handler for the facial expression classifier.

The PyTorch inference container imports this module and calls its model_fn,
input_fn, predict_fn and output_fn. Requests are images (application/x-image);
responses are JSON with one probability per expression.
"""

import io
import json
import os

LABELS_FILE = "labels.json"


def model_fn(model_dir):
    import torch

    model = torch.jit.load(os.path.join(model_dir, "model.pt"), map_location="cpu")
    model.eval()
    with open(os.path.join(model_dir, LABELS_FILE)) as handle:
        model.labels = json.load(handle)
    return model


def input_fn(body, content_type):
    if content_type != "application/x-image":
        raise ValueError(f"unsupported content type {content_type}")
    from PIL import Image
    from torchvision import transforms

    image = Image.open(io.BytesIO(body)).convert("RGB")
    preprocess = transforms.Compose(
        [
            transforms.Resize((224, 224)),
            transforms.ToTensor(),
            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
        ]
    )
    return preprocess(image).unsqueeze(0)


def predict_fn(batch, model):
    import torch

    with torch.no_grad():
        probabilities = torch.softmax(model(batch), dim=1)[0]
    return dict(zip(model.labels, probabilities.tolist(), strict=True))


def output_fn(prediction, accept):
    return json.dumps(prediction), "application/json"
