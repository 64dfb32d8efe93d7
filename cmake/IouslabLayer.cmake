# Each layer of DESIGN.md is a library target. A layer's headers are reached as
# "layer/header.h" through a per-layer include root under the build folder, so a
# layer sees only its own headers and those of the layers it links: an include of a
# layer above (or beside) it fails to compile instead of quietly working.
function(iouslab_add_layer name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
    set(target iouslab_${name})
    add_library(${target} STATIC ${ARG_SOURCES})

    set(root "${CMAKE_BINARY_DIR}/layer-includes/${name}")
    file(MAKE_DIRECTORY "${root}")
    if(NOT EXISTS "${root}/${name}")
        file(CREATE_LINK "${CMAKE_CURRENT_SOURCE_DIR}" "${root}/${name}" SYMBOLIC)
    endif()
    target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${root}>")

    target_link_libraries(${target} PUBLIC ${ARG_DEPENDS} PRIVATE ${ARG_PRIVATE_DEPENDS})
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
