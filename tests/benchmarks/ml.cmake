# bench_ml: the compact lesion CNN's training and inference speed next to PyTorch (Debian's
# python3-torch, run by the benchmark in the same run), one epoch over 5,000 frames through the
# streamed trainer, scoring 3,600 frames, and peak memory. Included by
# tests/benchmarks/CMakeLists.txt; not run by ctest.
find_package(Torch REQUIRED)
add_executable(bench_ml "${CMAKE_CURRENT_LIST_DIR}/mlbenchmark.cpp")
target_link_libraries(bench_ml PRIVATE iouslab_ml "${TORCH_LIBRARIES}" Qt6::Core)
target_compile_definitions(bench_ml PRIVATE
    IOUSLAB_ML_REFERENCE="${CMAKE_CURRENT_LIST_DIR}/ml_reference.py")
