// OpenBLAS's CBLAS interface (cblas_sgemm) and its thread control
// (openblas_set_num_threads), from Debian's libopenblas-dev; pkg-config `openblas` adds the
// include and library folders of the chosen variant (openblas-pthread).
#include <cblas.h>
