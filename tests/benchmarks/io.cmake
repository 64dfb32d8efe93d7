# bench_io: io readers against dcmj2pnm and ffmpeg (see iobenchmark.cpp). Included from
# tests/benchmarks/CMakeLists.txt.
find_package(DCMTK REQUIRED CONFIG)
add_executable(bench_io "${CMAKE_CURRENT_LIST_DIR}/iobenchmark.cpp")
target_link_libraries(bench_io PRIVATE iouslab_io DCMTK::dcmdata Qt6::Core)
target_compile_definitions(bench_io PRIVATE
    IOUSLAB_SHARED_DATA="${IOUSLAB_SHARED_DATA}")
