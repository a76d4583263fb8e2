"""Every figure of the chapter: its name, drawing function, kind, layouts and alt text.

The order is the order of the chapter. ``draw(lang, layout)`` returns a matplotlib Figure
for a PNG, or an ``anim.Scene`` for an animation (written as a GIF, as an animated WebP and
as a still ``<name>_poster.png``). Each figure is drawn in each of its ``layouts``: "wide"
(``<name>.png``) and, for phones, "narrow" (``<name>.narrow.png``), with the panels
stacked; every figure here has both, since none has text large enough to stay readable on a
phone when its wide picture is shrunk to fit (see ``style.LAYOUTS``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from . import gradient_descent, hyperparameters, linear_regression, neural_networks, style
from . import why_training_is_hard as why

# The files of a figure in one layout, by role: the picture, and for an animation its WebP
# twin and its still poster. Name endings: role's ending with the layout's tag before the dot.
ROLE_ENDINGS = {
    "png": {"image": ".png"},
    "gif": {"image": ".gif", "webp": ".webp", "poster": "_poster.png"},
}
BOTH_LAYOUTS = ("wide", "narrow")


@dataclass(frozen=True)
class FigureSpec:
    """One figure: ``name`` is also its file name; ``alt`` maps language to alt text;
    ``layouts`` are the layouts it is drawn in, the wide one first."""

    name: str
    draw: Callable
    kind: str
    alt: dict
    layouts: tuple = BOTH_LAYOUTS

    def __post_init__(self):
        if self.kind not in ROLE_ENDINGS:
            raise ValueError(
                f"figure {self.name}: kind {self.kind!r} is not one of {list(ROLE_ENDINGS)}"
            )
        unknown = set(self.layouts) - set(style.LAYOUTS)
        if unknown or self.layouts[:1] != ("wide",):
            raise ValueError(
                f"figure {self.name}: layouts {self.layouts} must start with 'wide' and be among "
                f"{list(style.LAYOUTS)}"
            )

    def files(self, layout: str) -> dict[str, str]:
        """File names of its outputs in ``layout``, by role (image first)."""
        if layout not in self.layouts:
            raise ValueError(f"figure {self.name} has no {layout!r} layout; it has {self.layouts}")
        tag = "" if layout == "wide" else f".{layout}"
        result = {}
        for role, ending in ROLE_ENDINGS[self.kind].items():
            stem, dot, extension = ending.rpartition(".")
            result[role] = f"{self.name}{stem}{tag}{dot}{extension}"
        return result

    @property
    def manifest(self) -> str:
        """File name of the figure's manifest: its files, sizes and smallest text per layout."""
        return f"{self.name}.json"

    @property
    def file_names(self) -> list[str]:
        """Every output file name: each layout's files (wide first, image first), then the
        manifest, written last."""
        names = [n for layout in self.layouts for n in self.files(layout).values()]
        return [*names, self.manifest]


def _spec(draw, alt_en, alt_ko, kind="png", layouts=BOTH_LAYOUTS):
    return FigureSpec(draw.__name__, draw, kind, {"en": alt_en, "ko": alt_ko}, layouts)


_SPECS = (
    _spec(
        why.connection_tweak,
        "A fully connected network with four inputs, two hidden layers of six and three "
        "outputs. One connection in the first layer is highlighted in red, and so is every "
        "neuron and connection after it, reaching all three outputs.",
        "입력 4개, 6개짜리 은닉층 두 개, 출력 3개로 이루어진 완전 연결 신경망입니다. 첫 번째 층의 "
        "연결 하나가 빨간색으로 강조되어 있고, 그 뒤로 이어지는 모든 뉴런과 연결도 세 출력까지 "
        "모두 빨간색으로 표시됩니다.",
    ),
    _spec(
        why.small_nets,
        "Two tiny networks: in the first, two inputs connect to one output through weights "
        "w1 and w2; in the second, three inputs connect through w1, w2 and w3.",
        "아주 작은 신경망 두 개입니다. 첫 번째 신경망은 입력 두 개가 가중치 w1, w2로 출력 "
        "하나에 연결되고, 두 번째 신경망은 입력 세 개가 w1, w2, w3로 연결됩니다.",
    ),
    _spec(
        why.sampling,
        "A square covered by a 10 by 10 grid of 100 points, and a cube covered by a "
        "10 by 10 by 10 grid of 1,000 points: each extra axis multiplies the points by ten.",
        "10×10 격자의 점 100개로 덮은 정사각형과, 10×10×10 격자의 점 "
        "1,000개로 덮은 정육면체입니다. 축이 하나 늘 때마다 점의 수가 열 배가 됩니다.",
    ),
    _spec(
        linear_regression.lin_reg_scatter,
        "A scatter plot of seven points whose y values rise from about 1.7 to 2.7 as x goes "
        "from 2.4 to 5.",
        "x가 2.4에서 5로 커질 때 y가 약 1.7에서 2.7로 올라가는 점 일곱 개의 산점도입니다.",
    ),
    _spec(
        linear_regression.lin_reg_randomtries,
        "Three panels, each showing the seven points with one candidate line and its mean "
        "squared error; the first two lines miss the points, the third follows them closely.",
        "세 개의 그림에 점 일곱 개와 후보 직선 하나씩, 그리고 그 평균 제곱 오차가 표시되어 "
        "있습니다. 앞의 두 직선은 점들에서 벗어나고 세 번째 직선은 점들을 잘 따라갑니다.",
    ),
    _spec(
        linear_regression.lin_reg_error,
        "The seven points and the line f(x) = -0.11x + 2.5, with a red dashed vertical segment "
        "from each point to the line showing its error.",
        "점 일곱 개와 직선 f(x) = -0.11x + 2.5가 있고, 각 점에서 직선까지 빨간 점선으로 "
        "오차를 나타냅니다.",
    ),
    _spec(
        linear_regression.lin_reg_mse,
        "The mean squared error over slope m from -2 to 4 and intercept b from -6 to 8, drawn "
        "twice: as a 3-D surface shaped like a long bowl and as log-spaced contour lines, with "
        "the least-squares minimum marked on both.",
        "기울기 m(-2~4)과 절편 b(-6~8)에 대한 평균 제곱 오차를 길쭉한 그릇 모양의 3차원 "
        "곡면과 로그 간격의 등고선으로 나타냈습니다. 두 그림 모두 최소 제곱 해가 표시되어 "
        "있습니다.",
    ),
    _spec(
        gradient_descent.lin_reg_mse_gradientdescent,
        "Two plots. First, a gradient descent path on the MSE contours that zig-zags down into "
        "the long valley and then follows it to the minimum. Second, the line it ends at, "
        "running through the seven points.",
        "그림 두 개입니다. 첫 번째 그림은 평균 제곱 오차 등고선 위의 경사 하강법 경로로, "
        "지그재그로 긴 골짜기에 내려간 뒤 골짜기를 따라 최솟값에 도착합니다. 두 번째 그림은 "
        "그 결과 얻은 직선이 점 일곱 개를 지나가는 모습입니다.",
    ),
    _spec(
        neural_networks.non_convex_function,
        "A bumpy loss surface over two weights, drawn in 3-D and as contours, with one global "
        "minimum, two shallower local minima and the saddle points between them marked.",
        "두 가중치에 대한 울퉁불퉁한 손실 곡면을 3차원과 등고선으로 그린 그림으로, 전역 최솟값 "
        "하나와 더 얕은 지역 최솟값 두 개, 그리고 그 사이의 안장점이 표시되어 있습니다.",
    ),
    _spec(
        neural_networks.bumpy_gradient_descent,
        "Contours of the bumpy loss with four gradient descent paths. Each starts at a black dot "
        "and follows the slope down into the valley it starts in, so they end in different "
        "minima. The path that starts near the bottom ends in the deepest valley, up and to its "
        "left, although the shallow minimum up and to its right is slightly closer.",
        "울퉁불퉁한 손실의 등고선 위에 경사 하강법 경로 네 개가 있습니다. 경로마다 검은 점에서 "
        "출발해 그 자리의 비탈을 따라 골짜기로 내려가므로, 도착하는 최솟값이 서로 다릅니다. "
        "아래쪽에서 출발한 경로는 오른쪽 위의 얕은 최솟값이 조금 더 가까운데도 "
        "왼쪽 위의 가장 깊은 골짜기에 도착합니다.",
    ),
    _spec(
        neural_networks.nesterov_acceleration,
        "Two vector diagrams. First, momentum: the momentum step and the gradient step both "
        "start at the current point and add up to the actual step. Second, Nesterov: the "
        "momentum step is taken first and the gradient step starts from that look-ahead point.",
        "벡터 그림 두 개입니다. 첫 번째 그림의 모멘텀에서는 모멘텀 단계와 그래디언트 단계가 "
        "모두 현재 지점에서 시작하고, 둘을 더한 것이 실제 이동입니다. 두 번째 그림의 "
        "네스테로프 모멘텀에서는 먼저 모멘텀 단계만큼 간 다음, 그렇게 미리 내다본 지점에서 "
        "그래디언트 단계를 잽니다.",
    ),
    _spec(
        neural_networks.optimizers_contour,
        "Animation: gradient descent, Momentum, Nesterov, AdaGrad, AdaDelta, RMSprop and Adam, "
        "each a coloured dot with a trail, race from one start to the minimum of Beale's "
        "function; the legend gives each one's learning rate. Gradient descent crawls, the "
        "momentum methods overshoot and swing back, the adaptive ones head almost straight in.",
        "애니메이션: 경사 하강법, Momentum, Nesterov, AdaGrad, AdaDelta, RMSprop, Adam이 각각 "
        "꼬리가 달린 색깔 점이 되어, 같은 시작점에서 Beale 함수의 최솟값을 향해 갑니다. 범례에는 "
        "옵티마이저마다 학습률이 적혀 있습니다. 경사 하강법은 느리게 기어가고, 모멘텀 계열은 "
        "지나쳤다가 되돌아오며, 적응형 방법은 거의 곧장 들어갑니다.",
        kind="gif",
    ),
    _spec(
        neural_networks.optimizers_saddle,
        "Animation: the same seven optimizers, each with its own learning rate given in the "
        "legend, start next to a saddle point. The others roll off down the open side, some "
        "sooner, some later; gradient descent is still creeping away from the saddle when the "
        "animation stops.",
        "애니메이션: 같은 일곱 가지 옵티마이저가 범례에 적힌 저마다의 학습률로 안장점 근처에서 "
        "출발합니다. 다른 옵티마이저들은 빠르든 늦든 열린 쪽으로 굴러 내려가지만, 경사 하강법은 "
        "애니메이션이 끝날 때까지도 안장점에서 천천히 멀어지는 중입니다.",
        kind="gif",
    ),
    _spec(
        hyperparameters.overfitting,
        "Eleven noisy points with a straight line that roughly follows them and a degree-10 "
        "polynomial that passes through every point, bending up and down between them.",
        "잡음이 섞인 점 열한 개와, 이를 대략 따라가는 직선, 그리고 모든 점을 지나느라 점 "
        "사이에서 오르내리는 10차 다항식입니다.",
    ),
    _spec(
        hyperparameters.learning_curves,
        "Two plots, loss and then accuracy per epoch, for training and validation data. Training "
        "loss keeps falling while validation loss bottoms out and rises; a dashed line marks "
        "the early-stopping epoch.",
        "훈련 데이터와 검증 데이터의 에포크별 손실과 정확도를 그린 그래프 두 개입니다. 훈련 손실은 "
        "계속 줄지만 검증 손실은 바닥을 찍고 다시 올라가며, 점선이 조기 종료 에포크를 표시합니다.",
    ),
    _spec(
        hyperparameters.regularization,
        "Four panels of the degree-10 polynomial fit to the eleven points with L2 strength "
        "lambda growing from 0 to 1: the wiggly curve calms down into a smooth one that follows "
        "the trend, and at the strongest penalty it is flatter than the points.",
        "점 열한 개에 맞춘 10차 다항식을 L2 벌점의 세기 λ를 0에서 1까지 키워 가며 그린 그림 "
        "네 개입니다. 구불구불하던 곡선이 점점 매끈해져 경향을 따라가고, 벌점이 가장 셀 때는 "
        "점들보다 밋밋해집니다.",
    ),
    _spec(
        hyperparameters.dropout,
        "Two networks: a fully connected one, and the same network during training with "
        "dropout, in which about half of the hidden neurons are crossed out in grey and their "
        "connections removed.",
        "완전 연결 신경망과, 드롭아웃을 적용해 훈련할 때의 같은 신경망입니다. 두 번째 신경망에서는 "
        "은닉 뉴런 약 절반이 회색 X로 지워지고 그 연결이 사라져 있습니다.",
    ),
)

FIGURES: dict[str, FigureSpec] = {spec.name: spec for spec in _SPECS}
