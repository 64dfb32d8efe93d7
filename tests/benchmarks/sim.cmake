# bench_sim: frames per second of the simulator beside a numpy/scipy implementation of the same
# image formation, run by Debian's python3 in the same process run.
add_executable(bench_sim ${CMAKE_CURRENT_LIST_DIR}/simbenchmark.cpp)
target_link_libraries(bench_sim PRIVATE iouslab_sim Qt6::Core)
target_compile_definitions(bench_sim PRIVATE
    IOUSLAB_SIM_REFERENCE_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/simreference.py")
