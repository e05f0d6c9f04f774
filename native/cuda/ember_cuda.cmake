# libember_cuda: the CUDA backend (native/src/cuda). Included by ../CMakeLists.txt.
# `var` from the environment variable of its name: auto (when unset), 0 or 1.
function(ember_mode_from_env var)
  set(value "$ENV{${var}}")
  if(value STREQUAL "")
    set(value auto)
  endif()
  if(NOT value MATCHES "^(auto|0|1)$")
    message(FATAL_ERROR "${var} must be auto, 0 or 1 (got '${value}')")
  endif()
  set(${var} "${value}" PARENT_SCOPE)
endfunction()

ember_mode_from_env(EMBER_CUDA)

function(ember_cuda_unavailable why)
  if(EMBER_CUDA STREQUAL "1")
    message(FATAL_ERROR "EMBER_CUDA=1 but ${why}")
  endif()
  message(STATUS "ember: building without the CUDA backend: ${why}")
endfunction()

if(EMBER_CUDA STREQUAL "0")
  message(STATUS "ember: building without the CUDA backend (EMBER_CUDA=0)")
  return()
endif()

include(CheckLanguage)
check_language(CUDA)
if(NOT CMAKE_CUDA_COMPILER)
  ember_cuda_unavailable("no CUDA compiler (nvcc) was found")
  return()
endif()

# cuBLAS from the nvidia-cublas wheel (a build requirement on Linux): headers
# and the versioned library under site-packages/nvidia/cu13.
if(NOT EMBER_CUBLAS_ROOT)
  execute_process(
    COMMAND "${Python_EXECUTABLE}" -c
            "import nvidia, pathlib; print(next(str(p.parent.parent) for d in nvidia.__path__ for p in pathlib.Path(d).glob('*/include/cublas_v2.h')))"
    OUTPUT_VARIABLE EMBER_CUBLAS_ROOT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
find_file(EMBER_CUBLAS_LIBRARY NAMES libcublas.so.13 libcublas.so PATHS "${EMBER_CUBLAS_ROOT}/lib" NO_DEFAULT_PATH)
if(NOT EMBER_CUBLAS_ROOT OR NOT EMBER_CUBLAS_LIBRARY)
  ember_cuda_unavailable("cuBLAS was not found (pip install nvidia-cublas)")
  return()
endif()

# Explicit architectures: there may be no GPU to ask ("native" fails without one).
set(EMBER_CUDA_ARCHITECTURES "$ENV{EMBER_CUDA_ARCHITECTURES}")
if(EMBER_CUDA_ARCHITECTURES STREQUAL "")
  set(EMBER_CUDA_ARCHITECTURES "80;90")
endif()
set(CMAKE_CUDA_ARCHITECTURES ${EMBER_CUDA_ARCHITECTURES})
enable_language(CUDA)
find_package(CUDAToolkit REQUIRED)
message(STATUS "ember: building the CUDA backend for sm_${EMBER_CUDA_ARCHITECTURES}, cuBLAS from ${EMBER_CUBLAS_ROOT}")

file(GLOB EMBER_CUDA_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/cuda/*.cu
     ${CMAKE_CURRENT_SOURCE_DIR}/src/cuda/*.cpp)
add_library(ember_cuda SHARED ${EMBER_CUDA_SOURCES})
target_compile_features(ember_cuda PRIVATE cxx_std_20 cuda_std_20)
target_include_directories(ember_cuda PRIVATE "${EMBER_CUBLAS_ROOT}/include")
target_compile_options(ember_cuda PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr -O3>
                                          $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra>)
target_link_libraries(ember_cuda PRIVATE ember_core "${EMBER_CUBLAS_LIBRARY}" CUDA::cudart_static)

# cuDNN for convolutions: only its headers at build time (the nvidia-cudnn
# wheel, a build requirement on Linux); the library is opened on first use,
# so the backend runs (with im2col convolutions) where it is not installed.
# EMBER_CUDNN=auto (default) | 0 | 1 (required).
ember_mode_from_env(EMBER_CUDNN)
if(NOT EMBER_CUDNN STREQUAL "0" AND NOT EMBER_CUDNN_ROOT)
  execute_process(
    COMMAND "${Python_EXECUTABLE}" -c
            "import nvidia, pathlib; print(next(str(p.parent.parent) for d in nvidia.__path__ for p in pathlib.Path(d).glob('*/include/cudnn.h')))"
    OUTPUT_VARIABLE EMBER_CUDNN_ROOT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(EMBER_CUDNN STREQUAL "0")
  message(STATUS "ember: CUDA convolutions without cuDNN (EMBER_CUDNN=0)")
elseif(EMBER_CUDNN_ROOT AND EXISTS "${EMBER_CUDNN_ROOT}/include/cudnn.h")
  message(STATUS "ember: CUDA convolutions through cuDNN when installed, headers from ${EMBER_CUDNN_ROOT}")
  target_include_directories(ember_cuda PRIVATE "${EMBER_CUDNN_ROOT}/include")
  target_compile_definitions(ember_cuda PRIVATE EMBER_HAVE_CUDNN)
  target_link_libraries(ember_cuda PRIVATE ${CMAKE_DL_LIBS})
elseif(EMBER_CUDNN STREQUAL "1")
  message(FATAL_ERROR "EMBER_CUDNN=1 but the cuDNN headers were not found (pip install nvidia-cudnn-cu13)")
else()
  message(STATUS "ember: CUDA convolutions without cuDNN: its headers were not found (pip install nvidia-cudnn-cu13)")
endif()
# The runtime is linked statically (no libcudart to find); cuBLAS (linked) and
# cuDNN (opened on first use) come from the nvidia wheels beside ember in
# site-packages (the core also preloads them from there, for editable installs).
set_target_properties(ember_cuda PROPERTIES
  CUDA_RUNTIME_LIBRARY Static
  POSITION_INDEPENDENT_CODE ON
  INSTALL_RPATH "$ORIGIN:$ORIGIN/../nvidia/cu13/lib:$ORIGIN/../nvidia/cudnn/lib")
install(TARGETS ember_cuda LIBRARY DESTINATION ember)
