"""Every tunable number behind the figures, named once.

The book's prose imports these same constants, so a number quoted in the text is the
number the figure was drawn with. Changing one redraws the figures (the build hashes
this file).
"""

# --------------------------------------------------------------- why training is hard

# Units per layer of the network whose first-layer connection gets tweaked.
TWEAK_NETWORK = (4, 6, 6, 3)
# The tweaked connection: from input unit 1 to unit 2 of the first hidden layer.
TWEAK_CONNECTION = (0, 1, 2)
# Points per axis when sampling the square and the cube (10 % spacing).
SAMPLES_PER_AXIS = 10

# --------------------------------------------------------------- linear regression

# Three candidate lines (m, b) tried "at random"; the middle one is the chapter's
# f(x) = -0.11x + 2.5 and the last is close to the least-squares line.
CANDIDATE_LINES = ((0.9, -1.3), (-0.11, 2.5), (0.34, 0.8))
# The line whose errors are drawn as red dashed segments.
ERROR_LINE = CANDIDATE_LINES[1]
# Range of slopes m and intercepts b over which the MSE is shown.
M_RANGE = (-2.0, 4.0)
B_RANGE = (-6.0, 8.0)
# Grid resolution (points per axis) of the MSE surface and contours.
MSE_GRID = 121
# Number of logarithmically spaced contour levels of the MSE.
MSE_LEVELS = 18

# --------------------------------------------------------------- gradient descent

# Seed of the random starting guess (m, b), drawn uniformly inside M_RANGE x B_RANGE.
DESCENT_SEED = 3
# Learning rate of plain gradient descent on the MSE; the stability limit for the seven
# points is 2 / (largest Hessian eigenvalue) ~ 0.0685, so 0.05 zig-zags a little but converges.
DESCENT_LR = 0.05
# Number of gradient-descent steps (the slow direction needs many).
DESCENT_STEPS = 1500
# The first steps are drawn as dots, so the reader sees the step size shrink.
DESCENT_MARKED_STEPS = 40

# --------------------------------------------------------------- non-convex losses

# Starting points of plain gradient descent on the bumpy surface; they end in different minima,
# and the last one in a valley farther away than the nearest minimum (by a visible margin).
BUMPY_STARTS = ((-2.5, 2.5), (0.0, 2.5), (3.0, -2.5), (0.0, -1.75))
# Learning rate and number of steps of those descents.
BUMPY_LR = 0.3
BUMPY_STEPS = 300

# Vectors of the momentum / Nesterov diagram: previous velocity z and gradients (arbitrary units).
NESTEROV_MOMENTUM = (2.2, 0.9)
NESTEROV_GRADIENT = (0.3, -1.3)
NESTEROV_LOOKAHEAD_GRADIENT = (-0.2, -1.1)

# --------------------------------------------------------------- optimizer races (GIFs)

# The surface (a key of lib.surfaces.SURFACES), the start and the plotted window of the race.
RACE_SURFACE = "beale"
RACE_START = (1.0, 1.5)
RACE_WINDOW = ((-0.5, 4.0), (-1.6, 2.0))
# Optimizer steps shown, and how many steps each animation frame advances.
RACE_STEPS = 300
RACE_STEPS_PER_FRAME = 3
# Hyperparameters per optimizer (lib.optim names), chosen by hand so that each shows its typical
# behaviour in the steps shown: SGD crawls, the momentum methods swing wide and arrive first,
# the adaptive methods first run away from the minimum before the valley turns them round
# (tests/test_teaching_accuracy.py holds the prose's sentences about this to the runs).
RACE_SETTINGS = {
    "SGD": {"lr": 2e-3},
    "Momentum": {"lr": 2e-3, "momentum": 0.9},
    "Nesterov": {"lr": 2e-3, "momentum": 0.9},
    "AdaGrad": {"lr": 0.6},
    "AdaDelta": {"lr": 1.0, "rho": 0.95, "eps": 1e-4},
    "RMSprop": {"lr": 0.05},
    "Adam": {"lr": 0.1},
}

# A racer "arrives" when it comes this close to the minimum (the prose quotes who does, when).
RACE_ARRIVAL_RADIUS = 0.1

# The saddle race: lib.surfaces.SADDLE from its start (almost on the ridge y = 0).
SADDLE_STEPS = 120
SADDLE_STEPS_PER_FRAME = 2
SADDLE_WINDOW = ((-1.5, 1.5), (-1.5, 1.5))
# Plain SGD slides into the saddle and stalls; the others roll off it sooner or later.
SADDLE_SETTINGS = {
    "SGD": {"lr": 0.02},
    "Momentum": {"lr": 0.01, "momentum": 0.9},
    "Nesterov": {"lr": 0.01, "momentum": 0.9},
    "AdaGrad": {"lr": 0.06},
    "AdaDelta": {"lr": 0.05, "rho": 0.9, "eps": 1e-3},
    "RMSprop": {"lr": 0.008},
    "Adam": {"lr": 0.02},
}
# Animation timing: milliseconds per frame and how long the last frame is held.
FRAME_MS = 50
HOLD_LAST_MS = 1500
# Steps of recent path drawn as a bold tail behind each optimizer's dot.
TRAIL_STEPS = 12

# --------------------------------------------------------------- hyperparameters

# Number of noisy points and their seed and noise for the overfitting figures.
NOISY_N = 11
NOISY_SEED = 0
NOISY_NOISE = 0.15
# Degree of the polynomial that passes through every point (n - 1).
OVERFIT_DEGREE = 10
# L2 strengths λ of the regularization panels, on the scale of the chapter's loss
# J = MSE + ½ λ Σ w² (λ = 0 is the overfitting fit; the largest flattens the trend too).
LAMBDAS = (0.0, 1e-4, 1e-2, 1.0)

# learning_curves: noisy spirals, a small training split (45 points) and a big network that
# overfits; training stops CURVES_PATIENCE epochs after the best validation loss.
CURVES_N = 300
CURVES_SEED = 0
CURVES_NOISE = 0.9
CURVES_FRACTIONS = (0.15, 0.4, 0.45)
CURVES_SIZES = (2, 64, 64, 2)
CURVES_ACTIVATION = "tanh"
CURVES_LR = 0.003
CURVES_EPOCHS = 800
CURVES_BATCH = 45  # the whole training split: smooth curves
CURVES_PATIENCE = 100

# dropout: the network drawn, the drop probability and the seed of the units dropped.
DROPOUT_NETWORK = (4, 6, 6, 3)
DROPOUT_RATE = 0.5
DROPOUT_SEED = 6

# --------------------------------------------------------------- explorers (interactive figures)

# The learning-rate slider of the bowl explorer, log scale: from well below the stability
# limit 2 / λ_max (~0.0685, computed by the page) to above it.
EXPLORE_LR_RANGE = (1e-3, 0.15)
# Each optimizer's α slider in the race spans its race rate times 10 to the ± this many.
EXPLORE_RACE_DECADES = 2.0
# The λ slider of the regularization explorer: 0, then log-spaced across this range.
EXPLORE_LAMBDA_RANGE = (1e-8, 10.0)
# Positions of every logarithmic slider (one arrow-key press moves one position).
EXPLORE_SLIDER_POSITIONS = 100
