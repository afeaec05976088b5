"""The check-worthiness model: sentences (`sentences`), features (`features`), the model at run time (`model`),
training and measuring (`training`, scikit-learn), and its card (`card`). No Django."""
