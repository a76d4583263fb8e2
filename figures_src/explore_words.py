"""Every word of the explorers (the interactive figures), in English and Korean.

The page's script shows these and never writes words itself: `explorers.page_data` puts the
page's language into the page. Both languages have the same keys; ``{...}`` are filled in by
the script. The maps behind the explorers take their words from `words.WORDS`, like figures.
"""

EXPLORE_WORDS = {
    "en": {
        # shared
        "try_it": "Try it yourself",
        "start_handle": "Start point: {point}. Arrow keys move it, Shift for bigger moves.",
        "map_how_to": "Drag the start point, tap the map to move it there, or focus it and use "
        "the arrow keys.",
        "play": "Play",
        "pause": "Pause",
        "reset": "Back to the figure's settings",
        "step": "Step",
        "step_of": "step {step} of {steps}",
        "left_plot": "left the plot at step {step}",
        "not_finite": "overflowed at step {step}",
        # gradient descent on the bowl
        "descent_title": "Gradient descent on the bowl: pick the learning rate and the start",
        "descent_alt": "Contour map of the mean squared error over slope m and intercept b, "
        "with its minimum marked; the descent path is drawn over it.",
        "lr": "Learning rate α",
        "limit": "limit 2/λₘₐₓ = {limit}",
        "loss_per_step": "Loss J after each step (log scale)",
        "least_squares_loss": "lowest possible J",
        "descent_status": "After {steps} steps: m = {m}, b = {b}, loss J = {loss}.",
        "descent_diverged": "α is above the limit: every step overshoots farther, and the path "
        "left the plot at step {step} with loss J = {loss}.",
        "descent_left": "The path left the plot at step {step} with loss J = {loss}.",
        "diverges_note": "Diverges: left the plot at step {step}",
        # the optimizer race
        "race_title": "The optimizer race: switch optimizers on and off, change their α",
        "beale_alt": "Contour map of Beale's function with its minimum marked; the optimizers' "
        "paths are drawn over it.",
        "saddle_alt": "Map of the saddle x² − y², blue where it is low and red where it is "
        "high, with the saddle point marked; the optimizers' paths are drawn over it.",
        "surface": "Surface",
        "beale": "Beale's function",
        "saddle": "Saddle point",
        "optimizer": "Optimizer",
        "alpha_of": "Learning rate α of {name}",
        "loss_now": "loss",
        "race_status": "After {steps} steps the loss is: {list}.",
        "race_item": "{name} {loss}",
        "race_none": "No optimizer is switched on.",
        # regularization strength
        "reg_title": "Regularization strength: slide λ and watch the fit",
        "train_points": "training data",
        "val_points": "validation data",
        "fit_alt": "The eleven training points in black and many validation points in grey; "
        "the fitted polynomial is drawn over them.",
        "lambda": "Penalty strength λ",
        "lambda_zero": "0 (no penalty)",
        "train_error": "training error",
        "val_error": "validation error",
        "errors_by_lambda": "Mean squared error against λ (λ on a log scale)",
        "reg_status": "λ = {lam}: training error {train}, validation error {val}.",
    },
    "ko": {
        "try_it": "직접 해 보기",
        "start_handle": "시작점: {point}. 화살표 키로 옮기고, Shift를 누르면 크게 옮깁니다.",
        "map_how_to": "시작점을 끌어서 옮기거나, 지도를 눌러 그 자리로 옮기거나, "
        "시작점을 선택한 뒤 화살표 키를 쓰세요.",
        "play": "재생",
        "pause": "일시 정지",
        "reset": "그림의 설정으로 되돌리기",
        "step": "단계",
        "step_of": "{steps}단계 중 {step}단계",
        "left_plot": "{step}단계에서 그림 밖으로 나감",
        "not_finite": "{step}단계에서 수가 너무 커짐",
        "descent_title": "그릇 위의 경사 하강법: 학습률과 시작점을 골라 보세요",
        "descent_alt": "기울기 m과 절편 b에 대한 평균 제곱 오차의 등고선 지도로, 최솟값이 표시되어 "
        "있습니다. 그 위에 경사 하강법의 경로를 그립니다.",
        "lr": "학습률 α",
        "limit": "한계 2/λₘₐₓ = {limit}",
        "loss_per_step": "단계별 손실 J (로그 눈금)",
        "least_squares_loss": "가능한 가장 낮은 J",
        "descent_status": "{steps}단계 후: m = {m}, b = {b}, 손실 J = {loss}.",
        "descent_diverged": "α가 한계보다 커서 단계마다 더 멀리 넘어가며, 경로는 {step}단계에서 "
        "그림 밖으로 나갔습니다. 이때 손실 J = {loss}.",
        "descent_left": "경로가 {step}단계에서 그림 밖으로 나갔습니다. 이때 손실 J = {loss}.",
        "diverges_note": "발산: {step}단계에서 그림 밖으로 나감",
        "race_title": "옵티마이저 경주: 옵티마이저를 켜고 끄고, α를 바꿔 보세요",
        "beale_alt": "Beale 함수의 등고선 지도로, 최솟값이 표시되어 있습니다. "
        "그 위에 옵티마이저들의 경로를 그립니다.",
        "saddle_alt": "안장 x² − y²의 지도로, 낮은 곳은 파란색, 높은 곳은 빨간색이며 "
        "안장점이 표시되어 있습니다. 그 위에 옵티마이저들의 경로를 그립니다.",
        "surface": "지형",
        "beale": "Beale 함수",
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
        "fit_alt": "검은 점은 훈련 데이터 열한 개, 회색 점은 여러 개의 검증 데이터입니다. 그 위에 "
        "맞춘 다항식을 그립니다.",
        "lambda": "벌점의 세기 λ",
        "lambda_zero": "0 (벌점 없음)",
        "train_error": "훈련 오차",
        "val_error": "검증 오차",
        "errors_by_lambda": "λ에 따른 평균 제곱 오차 (λ는 로그 눈금)",
        "reg_status": "λ = {lam}: 훈련 오차 {train}, 검증 오차 {val}.",
    },
}
