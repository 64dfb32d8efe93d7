# bench_eval: the evaluation dashboard's figures for a million predictions and 2,000 patient
# bootstrap resamples, each beside scikit-learn/numpy doing the same in the same run through
# Debian's python3 (python3-sklearn).
add_executable(bench_eval ${CMAKE_CURRENT_LIST_DIR}/evalbenchmark.cpp)
target_link_libraries(bench_eval PRIVATE iouslab_app iouslab_eval Qt6::Core)
target_compile_definitions(bench_eval PRIVATE
    IOUSLAB_EVAL_REFERENCE_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/evalreference.py")
