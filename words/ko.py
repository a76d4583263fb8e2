"""한국어: 책의 코드가 그림, 탐색기, 페이지에 쓰는 모든 낱말 (Korean).

The chapter's prose is in `chapters/ko/`; this file holds the words that code puts on the
pages. Every language file has the same names and keys as `words/en.py`; ``{...}`` are
filled in by the code that uses the entry.
"""

# Each figure's alt text and caption, by figure name (shown by `pages.figure`).
FIGURES = {
    "connection_tweak": {
        "alt": (
            "입력 {tweak_inputs}개, 출력 {tweak_outputs}개인 완전 연결 신경망으로, 은닉층의 뉴런 "
            "수는 앞에서부터 {tweak_hidden}입니다. 첫 번째 층의 연결 하나가 빨간색으로 강조되어 "
            "있고, 그 뒤로 이어지는 뉴런과 연결도 모든 출력에 이르기까지 빨간색으로 표시됩니다."
        ),
        "caption": (
            "첫 번째 층의 가중치 하나(강조 표시)를 살짝 바꾸면, 직접 달라지는 것은 다음 층의 뉴런 "
            "하나뿐입니다. 하지만 층과 층이 완전히 연결되어 있으므로, 그 변화는 이후의 모든 "
            "뉴런으로 퍼져 나갑니다."
        ),
    },
    "small_nets": {
        "alt": (
            "아주 작은 신경망 두 개입니다. 첫 번째 신경망은 입력 두 개가 가중치 w1, w2로 출력 "
            "하나에 연결되고, 두 번째 신경망은 입력 세 개가 w1, w2, w3로 연결됩니다."
        ),
        "caption": (
            "아주 작은 신경망 두 개. 하나는 가중치가 두 개이고, 다른 하나는 세 개입니다. 편향은 "
            "당분간 생략했습니다."
        ),
    },
    "sampling": {
        "alt": (
            "가로세로 {grid_per_axis}×{grid_per_axis} 격자, 모두 {samples_2d}개의 점으로 덮은 "
            "정사각형과, {grid_per_axis}×{grid_per_axis}×{grid_per_axis} 격자, 모두 "
            "{samples_3d}개의 점으로 덮은 정육면체입니다. 축이 하나 늘 때마다 점의 수가 "
            "{grid_per_axis}배가 됩니다. 축은 가중치 w1, w2, w3입니다."
        ),
        "caption": (
            "같은 간격의 격자를 2차원 정사각형과 3차원 정육면체에 놓은 모습. 축이 하나 늘어나면 "
            "시도해야 할 점의 수는 더해지는 것이 아니라 곱해집니다."
        ),
    },
    "lin_reg_scatter": {
        "alt": (
            "점 {n_points}개의 산점도입니다. x는 {x_lo}부터 {x_hi}까지, y는 약 {y_lo}부터 "
            "{y_hi}까지 걸쳐 있고, x가 커질수록 y도 올라갑니다."
        ),
        "caption": "우리의 데이터 점들. 각 점은 표에 있는 $(x, y)$ 쌍 하나입니다.",
    },
    "lin_reg_randomtries": {
        "alt": (
            "그림 세 개에 저마다 점 {n_points}개와 후보 직선 하나, 그리고 그 직선의 평균 제곱 "
            "오차가 표시되어 있습니다. 앞의 두 직선은 점들을 빗나가고, 세 번째 직선은 점들을 잘 "
            "따라갑니다."
        ),
        "caption": "후보 직선 세 개. 저마다 기울기와 절편이 다릅니다.",
    },
    "lin_reg_error": {
        "alt": (
            "점 {n_points}개와 기울기 {cand2_m}, 절편 {cand2_b}인 직선이 있고, 각 점에서 직선까지 "
            "그은 빨간 세로 점선이 그 점의 오차를 나타냅니다."
        ),
        "caption": (
            "두 번째 후보 직선. 점선 하나하나는 직선이 데이터 점 하나를 얼마나 빗나갔는지를 "
            "나타냅니다."
        ),
    },
    "lin_reg_mse": {
        "alt": (
            "기울기 m이 {bowl_m_lo}부터 {bowl_m_hi}까지, 절편 b가 {bowl_b_lo}부터 "
            "{bowl_b_hi}까지인 범위에서 평균 제곱 오차를 두 가지로 그렸습니다. 하나는 길쭉한 "
            "그릇 모양의 3차원 곡면이고, 다른 하나는 로그 간격의 등고선입니다. 두 그림 모두 "
            "최소제곱 해가 표시되어 있습니다."
        ),
        "caption": (
            "기울기 $m$과 절편 $b$가 일정한 범위 안에 있는 모든 직선 $f(x) = mx + b$의 평균 제곱 "
            "오차를 곡면으로, 그리고 높이를 로그 간격으로 나눈 등고선 지도로 나타낸 모습."
        ),
    },
    "lin_reg_mse_gradientdescent": {
        "alt": (
            "그림 두 개입니다. 첫 번째 그림은 평균 제곱 오차 등고선 위의 경사 하강법 경로로, "
            "지그재그로 긴 골짜기에 내려간 뒤 골짜기를 따라 최솟값에 도착합니다. 두 번째 그림은 "
            "경사 하강법이 도착한 직선이 점 {n_points}개 사이를 지나가는 모습입니다."
        ),
        "caption": (
            "우리 직선의 평균 제곱 오차에 경사 하강법을 적용한 모습. 처음 추측한 지점에서 출발해, "
            "단계마다 그래디언트의 반대 방향으로 조금씩 움직이며 그릇의 바닥으로 향합니다."
        ),
    },
    "non_convex_function": {
        "alt": (
            "두 가중치에 대한 울퉁불퉁한 손실 곡면을 3차원과 등고선으로 그린 그림으로, 전역 "
            "최솟값 하나와 더 얕은 지역 최솟값 두 개, 그리고 그 사이의 안장점이 표시되어 "
            "있습니다."
        ),
        "caption": (
            "두 매개변수에 대한 볼록하지 않은 손실. 깊이가 서로 다른 골짜기들과 그 사이의 "
            "안장점을 표시했습니다. 실제 신경망의 지형은 수백만 차원이지만, 우리가 그릴 수 있는 "
            "것은 두 차원뿐입니다."
        ),
    },
    "bumpy_gradient_descent": {
        "alt": (
            "울퉁불퉁한 손실의 등고선 위에 경사 하강법 경로 {bumpy_n_starts}개가 있습니다. "
            "경로마다 둥근 점에서 출발해 그 자리의 비탈을 따라 골짜기로 내려가므로, 경로들이 "
            "도착하는 최솟값은 {bumpy_n_minima_reached}곳으로 갈립니다. {bumpy_detour_start}에서 "
            "출발한 경로는 왼쪽 위로 {bumpy_detour_end_distance}만큼 떨어진 가장 깊은 골짜기에 "
            "도착합니다. 오른쪽의 얕은 최솟값까지는 {bumpy_detour_nearest_distance}밖에 되지 "
            "않는데도 그렇습니다."
        ),
        "caption": (
            "울퉁불퉁한 지형의 여러 지점에서 출발시킨 기본 경사 하강법. 각 경로는 출발한 자리의 "
            "비탈이 이끄는 골짜기에 자리를 잡는데, 그곳이 늘 가장 가까운 골짜기는 아닙니다."
        ),
    },
    "nesterov_acceleration": {
        "alt": (
            "벡터 그림 두 개입니다. 첫 번째는 모멘텀입니다. 모멘텀 단계(마이너스 알파 베타 z)와 "
            "그래디언트 단계(마이너스 알파 곱하기 W에서의 그래디언트)가 모두 현재 지점 W에서 "
            "시작하고, 둘을 더한 것이 실제 이동입니다. 두 번째는 네스테로프 모멘텀입니다. 먼저 "
            "모멘텀 단계를 따라 미리 내다본 지점(W 마이너스 알파 베타 z)으로 간 다음, 그 지점에서 "
            "잰 그래디언트 단계가 거기서부터 이어집니다."
        ),
        "caption": (
            "일반 모멘텀은 현재 지점에서 잰 그래디언트를 모멘텀 단계에 더합니다. 네스테로프 "
            "모멘텀은 먼저 모멘텀 단계를 따라간 다음, 그렇게 미리 내다본 지점에서 그래디언트를 "
            "잽니다."
        ),
    },
    "optimizers_contour": {
        "alt": (
            "애니메이션: 경사 하강법, 모멘텀, 네스테로프, AdaGrad, AdaDelta, RMSprop, Adam이 "
            "저마다 꼬리 달린 색깔 점이 되어, {race_start}의 시작점에서 {race_minimum}에 있는 빌 "
            "함수의 최솟값까지 경주합니다. 범례에는 옵티마이저마다 학습률이 적혀 있습니다. 경사 "
            "하강법은 가장 곧은 길로 가지만 아주 느리게 기어가서, 애니메이션이 끝날 때도 최솟값에 "
            "닿지 못합니다. 모멘텀 계열은 골짜기 아래쪽으로 크게 휘어 나갔다가 되돌아오는데도 "
            "가장 먼저 최솟값에 닿습니다. 적응형 방법들은 처음에 최솟값에서 멀어지는 왼쪽 "
            "아래로 내려가다가, 휘어진 골짜기를 만나고서야 방향을 돌립니다."
        ),
        "caption": (
            "이 페이지의 옵티마이저들이 시험용 지형의 등고선 지도 위에서, 시작점(둥근 점)을 떠나 "
            r"최솟값(별)을 향해 경주하는 모습. 범례에는 옵티마이저마다 학습률 $\alpha$를 적었고, "
            "단계 표시는 지금까지 걸은 단계 수를 보여 줍니다."
        ),
    },
    "optimizers_saddle": {
        "alt": (
            "애니메이션: 같은 옵티마이저들이 범례에 적힌 저마다의 학습률로 안장점 근처에서 "
            "출발합니다. 바탕 지도는 손실이 높은 곳이 빨간색, 낮은 곳이 파란색입니다. 경사 "
            "하강법을 뺀 나머지는 빠르든 늦든 파랗게 열린 쪽으로 굴러 내려가고, 경사 하강법은 "
            "애니메이션이 끝날 때까지도 안장점에서 천천히 멀어지는 중입니다."
        ),
        "caption": (
            r"같은 옵티마이저들이 저마다의 학습률 $\alpha$로 안장점(X) 바로 옆에서 출발하는 모습. "
            "빨간색은 높은 곳, 파란색은 낮은 곳입니다. 경사 하강법을 뺀 옵티마이저는 모두 빠르든 "
            "늦든 평평한 고갯마루에서 굴러 내려가고, 경사 하강법은 애니메이션이 끝난 뒤에야 "
            "고갯마루를 벗어납니다."
        ),
    },
    "overfitting": {
        "alt": (
            "잡음이 섞인 점 {overfit_n}개와, 그 점들을 대략 따라가는 직선, 그리고 모든 점을 "
            "지나느라 점 사이에서 오르내리는 {overfit_degree}차 다항식입니다."
        ),
        "caption": (
            "과적합. 직선은 전체적인 경향을 따르면서 점마다 조금씩 빗나갑니다. 다항식은 모든 점을 "
            "정확히 지나가고, 그러느라 점과 점 사이에서 오르내립니다."
        ),
    },
    "learning_curves": {
        "alt": (
            "그래프 두 개에 훈련 데이터와 검증 데이터의 교차 엔트로피 손실과 정확도를 "
            "{lc_epochs}에포크 동안 에포크마다 그렸습니다. 훈련 손실은 계속 줄지만, 검증 손실은 "
            "{lc_best_epoch}번째 에포크에서 바닥을 찍고 다시 올라갑니다. 점선이 그 에포크를 "
            "표시하며, 조기 종료는 이 에포크의 매개변수를 남깁니다."
        ),
        "caption": (
            "두 나선 주위에 흩어진 잡음 섞인 점들을 분류하는 신경망의 학습 곡선. 에포크마다 훈련 "
            "데이터와 떼어 둔 검증 데이터에서 교차 엔트로피 손실과 정확도를 쟀습니다. 점선은 검증 "
            "손실이 가장 낮았던 에포크이며, 조기 종료는 이 에포크의 매개변수를 남깁니다. 훈련은 "
            "검증 손실이 {glue}`lc_patience`에포크 동안 나아지지 않은 시점, 곧 가로축이 끝나는 "
            "에포크에서 멈춥니다."
        ),
    },
    "regularization": {
        "alt": (
            "점 {overfit_n}개에 맞춘 {overfit_degree}차 다항식을, L2 벌점의 세기 λ를 "
            "{reg_lambda_min}부터 {reg_lambda_max}까지 키워 가며 그린 "
            "그림 {reg_n_lambdas}개입니다. 구불구불하던 곡선이 점점 매끈해져 경향을 "
            "따라가고, 벌점이 가장 셀 때는 점들보다 밋밋해집니다."
        ),
        "caption": (
            r"L2 벌점의 세기 $\lambda$를 점점 키워 가며 같은 고차 다항식을 맞춘 결과. 최소화한 "
            r"손실은 $J = \mathrm{MSE} + \frac{1}{2}\lambda \sum w^2$입니다. 벌점이 강할수록 "
            "곡선이 잠잠해지고, 끝내는 밋밋해집니다."
        ),
    },
    "dropout": {
        "alt": (
            "완전 연결 신경망과, 드롭아웃을 적용해(비율 {dropout_rate}) 훈련할 때의 같은 "
            "신경망입니다. 두 번째 신경망에서는 은닉 뉴런 {dropout_hidden}개 가운데 "
            "{dropout_dropped}개가 X 표시로 지워지고 그 연결이 사라져 있습니다."
        ),
        "caption": (
            "완전히 연결된 신경망과, 드롭아웃을 적용한 훈련 단계 하나에서의 같은 신경망. X 표시를 "
            "한 뉴런과 그 연결은 이번 단계에서만 꺼집니다."
        ),
    },
}

# Words drawn inside the figures: drawing code looks them up as ``WORDS[lang][key]``.
FIGURE_WORDS = {
    "input_layer": "입력층",
    "hidden_layer": "은닉층 {k}",
    "output_layer": "출력층",
    "tweaked_weight": "조정한 가중치",
    "affected": "영향을 받는 뉴런과 연결",
    "n_weights": "가중치 {n}개",
    "w1": "$w_1$",
    "w2": "$w_2$",
    "w3": "$w_3$",
    "full_network": "일반 신경망",
    "after_dropout": "드롭아웃 적용 후 (p = {p:g})",
    "square_samples": "2차원 정사각형: ${k}^2$ = {n:,}개의 점",
    "cube_samples": "3차원 정육면체: ${k}^3$ = {n:,}개의 점",
    "x": "$x$",
    "y": "$y$",
    "data": "데이터",
    "line_equation": "$f(x) = {m:g}x {sign} {b:g}$",
    "mse_value": "평균 제곱 오차 = {mse:.3f}",
    "error": "오차 $y_i - f(x_i)$",
    "slope_m": "기울기 $m$",
    "intercept_b": "절편 $b$",
    "mse": "평균 제곱 오차",
    "mse_surface": "평균 제곱 오차",
    "mse_contours": "등고선 (로그 간격)",
    "minimum": "최솟값",
    "least_squares": "최소제곱법",
    "start": "시작점",
    "end": "도착점",
    "first_steps": "처음 {n}단계 (한 단계에 점 하나)",
    "descent_path": "경사 하강법 경로",
    "descent_title": "{steps:,}단계, 학습률 {lr:g}",
    "final_line": "{steps:,}단계 후의 직선",
    "loss": "손실",
    "weight_1": "가중치 $w_1$",
    "weight_2": "가중치 $w_2$",
    "local_minimum": "지역 최솟값",
    "global_minimum": "전역 최솟값",
    "saddle_point": "안장점",
    "bumpy_title": "같은 규칙, 다른 시작점, 다른 최솟값",
    "momentum_update": "모멘텀 갱신",
    "nesterov_update": "네스테로프 모멘텀 갱신",
    "momentum_step": "모멘텀 단계",
    "gradient_step": "그래디언트 단계",
    "lookahead_gradient_step": "미리 내다본 지점의 그래디언트 단계",
    "actual_step": "실제 이동",
    "current_point": "현재 지점 $W$",
    "momentum_step_formula": r"$-\alpha\beta z$",
    "gradient_step_formula": r"$-\alpha\nabla J(W)$",
    "lookahead_step_formula": r"$-\alpha\nabla J(W - \alpha\beta z)$",
    "lookahead_point": r"미리 내다본 지점 $W - \alpha\beta z$",
    "race_title": "{surface} 함수",
    "optimizer_sgd": "경사 하강법",
    "optimizer_momentum": "모멘텀",
    "optimizer_nesterov": "네스테로프",
    "optimizer_adagrad": "AdaGrad",
    "optimizer_adadelta": "AdaDelta",
    "optimizer_rmsprop": "RMSprop",
    "optimizer_adam": "Adam",
    "optimizer_alpha": "{name}\n$\\alpha$ = {lr:g}",
    "saddle_title": "안장점에서 벗어나기",
    "beale": "빌",
    "rosenbrock": "Rosenbrock",
    "step_counter": "{i:,}단계",
    "straight_line": "직선 (1차)",
    "polynomial": "{d}차 다항식",
    "epoch": "에포크",
    "cross_entropy_loss": "교차 엔트로피 손실",
    "accuracy": "정확도",
    "training": "훈련",
    "validation": "검증",
    "early_stop": "검증 손실 최저\n(에포크 {e}):\n조기 종료가 남기는 지점",
    "lambda_value": r"$\lambda$ = {lam}",
    "no_regularization": "정규화 없음",
}

# Words of the explorers (the figures a reader drives), shown by the page's script.
EXPLORERS = {
    "try_it": "직접 해 보기",
    # 탐색기가 있던 자리에 인쇄되는 문장({title}은 탐색기의 제목).
    "print_note": (
        "웹판에서는 이 자리에서 그림을 직접 움직여 볼 수 있습니다({title}). 웹판에서 이 "
        "페이지를 열어 보세요."
    ),
    "print_note_at": (
        "웹판에서는 이 자리에서 그림을 직접 움직여 볼 수 있습니다({title}). 주소: {address}"
    ),
    "start_handle": "시작점: {point}. 화살표 키로 옮기고, Shift를 누르면 크게 옮깁니다.",
    "map_how_to": (
        "시작점을 끌어서 옮기거나, 지도를 눌러 그 자리로 옮기거나, 시작점을 선택한 뒤 화살표 키를 "
        "쓰세요."
    ),
    "play": "재생",
    "pause": "일시 정지",
    "reset": "그림의 설정으로 되돌리기",
    "step": "단계",
    "step_of": "{steps}단계 중 {step}단계",
    "left_plot": "{step}단계에서 그림 밖으로 나감",
    "not_finite": "{step}단계에서 수가 너무 커짐",
    "descent_title": "그릇 위의 경사 하강법: 학습률과 시작점을 골라 보세요",
    "descent_alt": (
        "기울기 m과 절편 b에 대한 평균 제곱 오차의 등고선 지도로, 최솟값이 표시되어 있습니다. 그 "
        "위에 경사 하강법의 경로를 그립니다."
    ),
    "lr": "학습률 α",
    "limit": "한계 2/λₘₐₓ = {limit}",
    "loss_per_step": "단계별 손실 J (로그 눈금)",
    "least_squares_loss": "가능한 가장 낮은 J",
    "descent_status": "{steps}단계 후: m = {m}, b = {b}, 손실 J = {loss}.",
    "descent_diverged": (
        "α가 한계보다 커서 단계마다 더 멀리 넘어가며, 경로는 {step}단계에서 그림 밖으로 "
        "나갔습니다. 이때 손실 J = {loss}."
    ),
    "descent_left": "경로가 {step}단계에서 그림 밖으로 나갔습니다. 이때 손실 J = {loss}.",
    "diverges_note": "발산: {step}단계에서 그림 밖으로 나감",
    "race_title": "옵티마이저 경주: 옵티마이저를 켜고 끄고, α를 바꿔 보세요",
    "beale_alt": (
        "빌 함수의 등고선 지도로, 최솟값이 표시되어 있습니다. 그 위에 옵티마이저들의 경로를 "
        "그립니다."
    ),
    "saddle_alt": (
        "안장 x² − y²의 지도로, 낮은 곳은 파란색, 높은 곳은 빨간색이며 안장점이 표시되어 "
        "있습니다. 그 위에 옵티마이저들의 경로를 그립니다."
    ),
    "surface": "지형",
    "beale": "빌 함수",
    "saddle": "안장점",
    "optimizer": "옵티마이저",
    "alpha_of": "{name}의 학습률 α",
    "loss_now": "손실",
    "race_status": "{steps}단계 후의 손실: {list}.",
    "race_item": "{name} {loss}",
    "race_none": "켜진 옵티마이저가 없습니다.",
    "reg_title": "정규화의 세기: λ를 움직이며 곡선을 보세요",
    "train_points": "훈련 데이터",
    "val_points": "검증 데이터",
    "fit_alt": (
        "큰 점은 훈련 데이터 {overfit_n}개, 작고 흐린 점은 여러 개의 검증 데이터입니다. "
        "그 위에 맞춘 다항식을 그립니다."
    ),
    "lambda": "벌점의 세기 λ",
    "lambda_zero": "0 (벌점 없음)",
    "train_error": "훈련 오차",
    "val_error": "검증 오차",
    "errors_by_lambda": "λ에 따른 평균 제곱 오차 (λ는 로그 눈금)",
    "reg_status": "λ = {lam}: 훈련 오차 {train}, 검증 오차 {val}.",
}

# Words the page helpers (`pages`) write around figures, listings and numbers.
PAGES = {
    "code_summary": "코드 보기",
    "code_intro": (
        "이 그림을 그린 코드입니다(책 소스의 `{path}`). `make book`으로 필요한 패키지를 설치한 뒤 "
        "소스의 최상위 폴더에서 실행하면 같은 그림을 얻습니다."
    ),
    "code_intro_at": (
        "이 그림을 그린 코드입니다(책 소스 <{address}>의 `{path}`). 이 저장소를 내려받아 "
        "`make book`으로 필요한 패키지를 설치한 뒤 최상위 폴더에서 실행하면 같은 그림을 얻습니다."
    ),
    "still_image": "(정지 화면)",
    "source_from": "출처: `{}`",
    "gradcheck": "매개변수 {n}개, 가장 큰 상대 오차 {e:.1e}",
    "not_within": "{}단계 안에 없음",
    "column_optimizer": "옵티마이저",
    "column_length": "경로 길이",
    "column_arrival": "최솟값 {radius} 이내에 처음 든 단계",
    "column_escape": "능선에서 처음 1만큼 벗어난 단계",
    "door_about": (
        "공개 도서 Machine Learning for Artists의 한 장입니다. 모든 그림과 숫자는 사이트를 만들 "
        "때 책에 딸린 작은 numpy 라이브러리가 직접 계산합니다."
    ),
    "door_read": "한국어로 읽기",
    "pdf_book": "공개 도서 {book}의 한 장",
    "pdf_language": "언어",
    "pdf_revision": "소스 리비전",
    "list_joiner": ", ",
}
