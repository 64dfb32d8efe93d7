# bench_label: key press to committed label, with a million frames in the catalogue, beside the
# sqlite3 command-line tool writing the same label row.
# bench_cine: frames per second through the viewer's own load-and-draw path for 1024 x 768
# frames, beside ffmpeg decoding the same frames as an H.264 file.
# Both run the real window on Qt's offscreen platform unless QT_QPA_PLATFORM says otherwise.
add_executable(bench_label ${CMAKE_CURRENT_LIST_DIR}/labelbenchmark.cpp)
target_link_libraries(bench_label PRIVATE iouslab_ui Qt6::Widgets Qt6::Test)
add_executable(bench_cine ${CMAKE_CURRENT_LIST_DIR}/cinebenchmark.cpp)
target_link_libraries(bench_cine PRIVATE iouslab_ui Qt6::Widgets Qt6::Test)
