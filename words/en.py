"""English: every word the book's code writes, in figures, explorers and pages.

The chapter's prose is in `chapters/en/`; this file holds the words that code puts on the
pages. Every language file has the same names and keys (`test_words_have_the_same_keys` in
`tests/test_figures.py`); ``{...}`` are filled in by the code that uses the entry.
"""

# Each figure's alt text and caption, by figure name (shown by `pages.figure`).
FIGURES = {
    "connection_tweak": {
        "alt": (
            "A fully connected network with {tweak_inputs} inputs, hidden layers of "
            "{tweak_hidden} neurons and {tweak_outputs} outputs. One connection in the first "
            "layer is highlighted in red, and so is every neuron and connection after it, "
            "reaching every output."
        ),
        "caption": (
            "Nudging one weight in the first layer (highlighted) directly changes just one neuron "
            "in the next layer. Because the layers are fully connected, that change then spreads "
            "to every neuron after it."
        ),
    },
    "small_nets": {
        "alt": (
            "Two tiny networks: in the first, two inputs connect to one output through weights w1 "
            "and w2; in the second, three inputs connect through w1, w2 and w3."
        ),
        "caption": (
            "Two tiny networks, one with two weights and one with three. Biases are omitted for "
            "now."
        ),
    },
    "sampling": {
        "alt": (
            "A square covered by a grid of {grid_per_axis} by {grid_per_axis} points, "
            "{samples_2d} in all, and a cube covered by a grid of {grid_per_axis} by "
            "{grid_per_axis} by {grid_per_axis}, {samples_3d} points: each extra axis multiplies "
            "the number of points by {grid_per_axis}. The axes are the weights w1, w2 and w3."
        ),
        "caption": (
            "The same grid spacing on a square, in two dimensions, and on a cube, in three. "
            "Adding one axis multiplies the number of points we have to try."
        ),
    },
    "lin_reg_scatter": {
        "alt": (
            "A scatter plot of {n_points} points whose y values rise from about {y_lo} to {y_hi} "
            "as x goes from {x_lo} to {x_hi}."
        ),
        "caption": "Our data points, each one an $(x, y)$ pair from the table.",
    },
    "lin_reg_randomtries": {
        "alt": (
            "Three panels, each showing the {n_points} points with one candidate line and its "
            "mean squared error; the first two lines miss the points, the third follows them "
            "closely."
        ),
        "caption": "Three candidate lines, each with its own slope and intercept.",
    },
    "lin_reg_error": {
        "alt": (
            "The {n_points} points and the line with slope {cand2_m} and intercept {cand2_b}, "
            "with a red dashed vertical segment from each point to the line showing its error."
        ),
        "caption": (
            "The second candidate line. Each dashed segment measures how far the line misses one "
            "data point."
        ),
    },
    "lin_reg_mse": {
        "alt": (
            "The mean squared error over slope m from {bowl_m_lo} to {bowl_m_hi} and intercept b "
            "from {bowl_b_lo} to {bowl_b_hi}, drawn twice: as a 3-D surface shaped like a long "
            "bowl and as log-spaced contour lines, with the least-squares minimum marked on "
            "both."
        ),
        "caption": (
            "The mean squared error of every line $f(x) = mx + b$ in a range of slopes $m$ and "
            "intercepts $b$, drawn as a surface and as a contour map whose lines are spaced "
            "logarithmically in height."
        ),
    },
    "lin_reg_mse_gradientdescent": {
        "alt": (
            "Two plots. First, a gradient descent path on the MSE contours that zig-zags down "
            "into the long valley and then follows it to the minimum. Second, the line it ends "
            "at, running through the {n_points} points."
        ),
        "caption": (
            "Gradient descent on the mean squared error of our line. From a starting guess, each "
            "step moves a little way against the gradient, heading for the bottom of the bowl."
        ),
    },
    "non_convex_function": {
        "alt": (
            "A bumpy loss surface over two weights, drawn in 3-D and as contours, with one global "
            "minimum, two shallower local minima and the saddle points between them marked."
        ),
        "caption": (
            "A non-convex loss over two parameters, with valleys of different depths and the "
            "saddle points between them marked. A real network's landscape has millions of "
            "dimensions, but we can only draw two."
        ),
    },
    "bumpy_gradient_descent": {
        "alt": (
            "Contours of the bumpy loss with {bumpy_n_starts} gradient descent paths. Each starts "
            "at a round dot and follows the slope down into the valley it starts in, so they end "
            "in {bumpy_n_minima_reached} different minima. The path that starts at "
            "{bumpy_detour_start} ends in the deepest valley, up and to its left, "
            "{bumpy_detour_end_distance} away, although the shallow minimum to its right is only "
            "{bumpy_detour_nearest_distance} away."
        ),
        "caption": (
            "Plain gradient descent started from several points on a bumpy landscape. Each run "
            "settles in the valley whose slopes it starts on, which is not always the nearest one."
        ),
    },
    "nesterov_acceleration": {
        "alt": (
            "Two vector diagrams. First, momentum: the momentum step, minus alpha beta z, and "
            "the gradient step, minus alpha times the gradient at W, both start at the current "
            "point W and add up to the actual step. Second, Nesterov: the momentum step is taken "
            "first, to the look-ahead point W minus alpha beta z, and the gradient step measured "
            "there starts from it."
        ),
        "caption": (
            "Ordinary momentum adds the gradient measured at the current point to the momentum "
            "step. Nesterov momentum first follows the momentum step, then measures the gradient "
            "at that look-ahead point."
        ),
    },
    "optimizers_contour": {
        "alt": (
            "Animation: gradient descent, Momentum, Nesterov, AdaGrad, AdaDelta, RMSprop and "
            "Adam, each a coloured dot with a trail, race from the start at {race_start} toward "
            "the minimum of Beale's function at {race_minimum}; the legend gives each one's "
            "learning rate. Gradient descent takes the most direct path but creeps and is still "
            "short of the minimum when the animation ends. The momentum methods swing wide below "
            "the valley and back, and reach the minimum first. The adaptive methods first veer "
            "down and to the left, away from the minimum, before the curved valley turns them "
            "round."
        ),
        "caption": (
            "The optimizers of this page racing toward the minimum (star) of a test landscape, "
            "drawn on its contour map, from the start (the round dot). The legend gives each "
            r"optimizer's learning rate $\alpha$; the counter, the steps taken."
        ),
    },
    "optimizers_saddle": {
        "alt": (
            "Animation: the same seven optimizers, each with its own learning rate given in the "
            "legend, start next to a saddle point, on a map that is red where the loss is high "
            "and blue where it is low. All but gradient descent roll off down the open, blue "
            "side, some sooner, some later; gradient descent is still creeping away from the "
            "saddle when the animation stops."
        ),
        "caption": (
            "The same optimizers starting next to a saddle point (X), each with its own learning "
            r"rate $\alpha$; red is high ground, blue low. All but gradient descent roll off the "
            "flat pass, some sooner, some later; gradient descent leaves it only after the "
            "animation stops."
        ),
    },
    "overfitting": {
        "alt": (
            "{overfit_n} noisy points with a straight line that roughly follows them and a "
            "degree-{overfit_degree} polynomial that passes through every point, bending up and "
            "down between them."
        ),
        "caption": (
            "Overfitting. The straight line follows the general trend and misses each point a "
            "little. The polynomial hits every point exactly, and bends up and down between the "
            "points to do so."
        ),
    },
    "learning_curves": {
        "alt": (
            "Two plots, cross-entropy loss and then accuracy per epoch, for training and "
            "validation data, over {lc_epochs} epochs. Training loss keeps falling while "
            "validation loss bottoms out at epoch {lc_best_epoch} and rises; a dashed line marks "
            "that epoch, whose parameters early stopping keeps."
        ),
        "caption": (
            "Learning curves of a network sorting noisy points of two spirals: its cross-entropy "
            "loss and its accuracy after each epoch, on the training data and on held-out "
            "validation data. The dashed line marks the epoch with the lowest validation loss, "
            "whose parameters early stopping keeps; the run stops where the epoch axis ends, when "
            "the validation loss has not improved for {glue}`lc_patience` epochs."
        ),
    },
    "regularization": {
        "alt": (
            "{reg_n_lambdas} panels of the degree-{overfit_degree} polynomial fit to the "
            "{overfit_n} points with L2 strength lambda growing from {reg_lambda_min} to "
            "{reg_lambda_max}: the wiggly curve calms down into a smooth one that follows the "
            "trend, and at the strongest penalty it is flatter than the points."
        ),
        "caption": (
            r"The same high-degree polynomial, fitted by minimizing $J = \mathrm{MSE} + "
            r"\frac{1}{2}\lambda \sum w^2$ with a penalty of increasing strength $\lambda$. The "
            "stronger the penalty, the calmer the curve, and in the end the flatter."
        ),
    },
    "dropout": {
        "alt": (
            "Two networks: a fully connected one, and the same network during training with a "
            "dropout rate of {dropout_rate}, in which {dropout_dropped} of its {dropout_hidden} "
            "hidden neurons are crossed out and their connections removed."
        ),
        "caption": (
            "A fully connected network, and the same network during one training step with "
            "dropout. The crossed-out neurons and their connections are switched off for this "
            "step only."
        ),
    },
}

# Words drawn inside the figures: drawing code looks them up as ``WORDS[lang][key]``.
FIGURE_WORDS = {
    "input_layer": "input",
    "hidden_layer": "hidden {k}",
    "output_layer": "output",
    "tweaked_weight": "tweaked weight",
    "affected": "affected by the tweak",
    "n_weights": "{n} weights",
    "w1": "$w_1$",
    "w2": "$w_2$",
    "w3": "$w_3$",
    "full_network": "standard network",
    "after_dropout": "after dropout (p = {p:g})",
    "square_samples": "2-D square: ${k}^2$ = {n:,} points",
    "cube_samples": "3-D cube: ${k}^3$ = {n:,} points",
    "x": "$x$",
    "y": "$y$",
    "data": "data",
    "line_equation": "$f(x) = {m:g}x {sign} {b:g}$",
    "mse_value": "MSE = {mse:.3f}",
    "error": "error $y_i - f(x_i)$",
    "slope_m": "slope $m$",
    "intercept_b": "intercept $b$",
    "mse": "MSE",
    "mse_surface": "mean squared error",
    "mse_contours": "contours (log-spaced levels)",
    "minimum": "minimum",
    "least_squares": "least squares",
    "start": "start",
    "end": "end",
    "first_steps": "first {n} steps, a dot each",
    "descent_path": "gradient descent path",
    "descent_title": "{steps:,} steps, learning rate {lr:g}",
    "final_line": "line after {steps:,} steps",
    "loss": "loss",
    "weight_1": "weight $w_1$",
    "weight_2": "weight $w_2$",
    "local_minimum": "local minimum",
    "global_minimum": "global minimum",
    "saddle_point": "saddle point",
    "bumpy_title": "same rule, different starts, different minima",
    "momentum_update": "momentum update",
    "nesterov_update": "Nesterov momentum update",
    "momentum_step": "momentum step",
    "gradient_step": "gradient step",
    "lookahead_gradient_step": "look-ahead gradient step",
    "actual_step": "actual step",
    "current_point": "current point $W$",
    "momentum_step_formula": r"$-\alpha\beta z$",
    "gradient_step_formula": r"$-\alpha\nabla J(W)$",
    "lookahead_step_formula": r"$-\alpha\nabla J(W - \alpha\beta z)$",
    "lookahead_point": r"look-ahead point $W - \alpha\beta z$",
    "race_title": "{surface} function",
    "optimizer_sgd": "Gradient descent",
    "optimizer_momentum": "Momentum",
    "optimizer_nesterov": "Nesterov",
    "optimizer_adagrad": "AdaGrad",
    "optimizer_adadelta": "AdaDelta",
    "optimizer_rmsprop": "RMSprop",
    "optimizer_adam": "Adam",
    "optimizer_alpha": "{name}\n$\\alpha$ = {lr:g}",
    "saddle_title": "leaving a saddle point",
    "beale": "Beale",
    "rosenbrock": "Rosenbrock",
    "step_counter": "step {i:,}",
    "straight_line": "straight line (degree 1)",
    "polynomial": "degree-{d} polynomial",
    "epoch": "epoch",
    "cross_entropy_loss": "cross-entropy loss",
    "accuracy": "accuracy",
    "training": "training",
    "validation": "validation",
    "early_stop": "lowest validation loss\n(epoch {e}), kept by\nearly stopping",
    "lambda_value": r"$\lambda$ = {lam}",
    "no_regularization": "no regularization",
}

# Words of the explorers (the figures a reader drives), shown by the page's script.
EXPLORERS = {
    "try_it": "Try it yourself",
    # Printed where an explorer stands (paper cannot hold it); {title} is its title below.
    "print_note": (
        "In the web edition an explorer stands here ({title}): open this page there to try it."
    ),
    "print_note_at": "In the web edition an explorer stands here ({title}): {address}",
    "start_handle": "Start point: {point}. Arrow keys move it, Shift for bigger moves.",
    "map_how_to": (
        "Drag the start point, tap the map to move it there, or focus it and use the arrow keys."
    ),
    "play": "Play",
    "pause": "Pause",
    "reset": "Back to the figure's settings",
    "step": "Step",
    "step_of": "step {step} of {steps}",
    "left_plot": "left the plot at step {step}",
    "not_finite": "overflowed at step {step}",
    "descent_title": "Gradient descent on the bowl: pick the learning rate and the start",
    "descent_alt": (
        "Contour map of the mean squared error over slope m and intercept b, with its minimum "
        "marked; the descent path is drawn over it."
    ),
    "lr": "Learning rate α",
    "limit": "limit 2/λₘₐₓ = {limit}",
    "loss_per_step": "Loss J after each step (log scale)",
    "least_squares_loss": "lowest possible J",
    "descent_status": "After {steps} steps: m = {m}, b = {b}, loss J = {loss}.",
    "descent_diverged": (
        "α is above the limit: every step overshoots farther, and the path left the plot at step "
        "{step} with loss J = {loss}."
    ),
    "descent_left": "The path left the plot at step {step} with loss J = {loss}.",
    "diverges_note": "Diverges: left the plot at step {step}",
    "race_title": "The optimizer race: switch optimizers on and off, change their α",
    "beale_alt": (
        "Contour map of Beale's function with its minimum marked; the optimizers' paths are drawn "
        "over it."
    ),
    "saddle_alt": (
        "Map of the saddle x² − y², blue where it is low and red where it is high, with the "
        "saddle point marked; the optimizers' paths are drawn over it."
    ),
    "surface": "Surface",
    "beale": "Beale's function",
    "saddle": "Saddle point",
    "optimizer": "Optimizer",
    "alpha_of": "Learning rate α of {name}",
    "loss_now": "loss",
    "race_status": "After {steps} steps the loss is: {list}.",
    "race_item": "{name} {loss}",
    "race_none": "No optimizer is switched on.",
    "reg_title": "Regularization strength: slide λ and watch the fit",
    "train_points": "training data",
    "val_points": "validation data",
    "fit_alt": (
        "The {overfit_n} training points as large dots and many validation points as small faint "
        "dots; the fitted polynomial is drawn over them."
    ),
    "lambda": "Penalty strength λ",
    "lambda_zero": "0 (no penalty)",
    "train_error": "training error",
    "val_error": "validation error",
    "errors_by_lambda": "Mean squared error against λ (λ on a log scale)",
    "reg_status": "λ = {lam}: training error {train}, validation error {val}.",
}

# Words the page helpers (`pages`) write around figures, listings and numbers.
PAGES = {
    "code_summary": "Show code",
    # (code_intro while `repository.url` in `_config.yml` is empty, code_intro_at once it is set)
    "code_intro": (
        "The code that drew this figure, from `{path}` in the book's source. Run it in the "
        "source's top folder, once `make book` has installed what it needs, to get the same "
        "figure."
    ),
    "code_intro_at": (
        "The code that drew this figure, from `{path}` in the book's source, <{address}>. Run it "
        "in the top folder of a copy of that repository, once `make book` has installed what it "
        "needs, to get the same figure."
    ),
    "still_image": "(still image)",
    "source_from": "From `{}`:",
    "gradcheck": "{n} parameters, largest relative error {e:.1e}",
    "not_within": "none in {}",
    "column_optimizer": "optimizer",
    "column_length": "path length",
    "column_arrival": "first step within {radius} of the minimum",
    "column_escape": "first step one unit off the ridge",
    "door_about": (
        "A chapter of the open book Machine Learning for Artists, in which every figure and "
        "every number is computed by the book's own small numpy library while the site is built."
    ),
    "door_read": "Read in English",
    "pdf_book": "A chapter of the open book {book}",
    "pdf_language": "Language",
    "pdf_revision": "Source revision",
    "list_joiner": " and ",
}
