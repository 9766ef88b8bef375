r"""
=================================
Edge detection with Sobel kernels
=================================

Convolve a photograph with the two Sobel kernels, which estimate (up to a factor) the brightness gradient
across and down the image, using :func:`mlequations.convolve2d`. Then compute the same thing the way a convolutional layer does,
with :func:`mlequations.conv2d`, which needs the kernels flipped.

Requirements: mlequations (its wheel is on the guide's home page) and ``pip install matplotlib scikit-learn``.
"""

# %%
# The photograph
# --------------
# One of the two sample images that ship with scikit-learn, turned to grey and shrunk by averaging 4 x 4
# blocks.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_sample_image

from mlequations import conv2d, conv_output_size, convolve2d

rgb = load_sample_image("china.jpg").astype(float) / 255
grey = rgb.mean(axis=2)
h, w = (s // 4 * 4 for s in grey.shape)
image = grey[:h, :w].reshape(h // 4, 4, w // 4, 4).mean(axis=(1, 3))
print(f"image of {image.shape[0]} x {image.shape[1]} pixels")

# %%
# Two gradient kernels
# --------------------
# Each kernel takes a difference in one direction and smooths in the other. ``mode="same"`` keeps the image's
# size, padding with zeros, so the frame of the image shows up as an edge too.
sobel_x = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
sobel_y = sobel_x.T
gx = convolve2d(image, sobel_x, mode="same")
gy = convolve2d(image, sobel_y, mode="same")
magnitude = np.hypot(gx, gy)

fig, axes = plt.subplots(2, 2, figsize=(8.0, 6.2), layout="constrained")
panels = [(image, "image", "gray"), (gx, r"$G_x = I * S_x$", "RdBu"), (gy, r"$G_y = I * S_y$", "RdBu"),
          (magnitude, r"$\sqrt{G_x^2 + G_y^2}$", "magma")]
for ax, (data, label, cmap) in zip(axes.flat, panels):
    limit = np.abs(data).max()
    ax.imshow(data, cmap=cmap, vmin=-limit if cmap == "RdBu" else None, vmax=limit if cmap == "RdBu" else None)
    ax.set(xticks=[], yticks=[], title=label)
fig.suptitle("Two 3 x 3 kernels find the outlines of the temple and the trees")
plt.show()

# %%
# The same edges from a convolutional layer
# -----------------------------------------
# A layer with one input and two output channels holds both kernels as its weight, of shape (2, 1, 3, 3). It
# computes a cross-correlation, so the kernels go in flipped; padding by one keeps the size, as
# ``conv_output_size`` confirms.
weight = np.stack([sobel_x[::-1, ::-1], sobel_y[::-1, ::-1]])[:, None]
layer = conv2d(image[None, None], weight, padding=1)
print("output size:", conv_output_size(image.shape[0], 3, padding=1), "x", conv_output_size(image.shape[1], 3,
                                                                                             padding=1))
print("same as convolve2d with the unflipped kernels:", np.allclose(layer[0], np.stack([gx, gy]), rtol=1e-12,
                                                                  atol=1e-12))

# %%
# Take-away
# ---------
# A learnt convolutional layer computes the same operation with kernels it learns itself; in trained image
# networks, many first-layer kernels end up as oriented edge detectors not unlike these.
