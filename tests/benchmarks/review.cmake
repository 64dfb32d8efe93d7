# bench_review: the case review's speed (scoring a 3,600-frame clip from the frame store with
# the default compact model, a Grad-CAM heat map of one frame) beside PyTorch doing the same
# network in the same run (Debian's python3-torch), and, with --accuracy, how the events of
# simulated cases meet their ground truth. Included by tests/benchmarks/CMakeLists.txt; not run
# by ctest.
add_executable(bench_review "${CMAKE_CURRENT_LIST_DIR}/reviewbenchmark.cpp")
target_link_libraries(bench_review PRIVATE iouslab_app Qt6::Gui)
target_compile_definitions(bench_review PRIVATE
    IOUSLAB_REVIEW_REFERENCE="${CMAKE_CURRENT_LIST_DIR}/review_reference.py")
