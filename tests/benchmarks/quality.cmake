# bench_quality: the lesion CNN's held-out-patient figures on the default 16-patient demo
# project next to a logistic regression on intensity histograms (scikit-learn, Debian's
# python3-sklearn) on the same folds, measured in the same run. Slow: it simulates, imports and
# trains the default model (most of an hour on 2 cores).
add_executable(bench_quality ${CMAKE_CURRENT_LIST_DIR}/qualitybenchmark.cpp)
target_link_libraries(bench_quality PRIVATE iouslab_app iouslab_eval Qt6::Core)
target_compile_definitions(bench_quality PRIVATE
    IOUSLAB_BASELINE_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/histogram_baseline.py")
