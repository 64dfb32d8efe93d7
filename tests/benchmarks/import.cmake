# bench_import: import throughput and peak memory next to dcmj2pnm and ffmpeg.
add_executable(bench_import "${CMAKE_CURRENT_LIST_DIR}/importbenchmark.cpp"
    "${CMAKE_CURRENT_LIST_DIR}/childprocess.h" "${CMAKE_CURRENT_LIST_DIR}/childprocess.cpp")
target_link_libraries(bench_import PRIVATE Qt6::Core)
target_compile_definitions(bench_import PRIVATE IOUSLAB_BINARY="$<TARGET_FILE:iouslab>")
add_dependencies(bench_import iouslab)
