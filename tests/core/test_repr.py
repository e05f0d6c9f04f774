"""repr/str of tensors in PyTorch's exact format.

Every expected string below was printed by torch 2.13 for the same tensor,
with "torch." replaced by "ember.".
"""

import numpy as np
import pytest

import ember

# fmt: off
CASES = [
    pytest.param(lambda: ember.tensor(3.5), 'tensor(3.5000)', id='scalar_float'),
    pytest.param(lambda: ember.tensor(1.0), 'tensor(1.)', id='scalar_int_valued_float'),
    pytest.param(lambda: ember.tensor(7), 'tensor(7)', id='scalar_int'),
    pytest.param(lambda: ember.tensor(-3), 'tensor(-3)', id='scalar_negative_int'),
    pytest.param(lambda: ember.tensor(True), 'tensor(True)', id='scalar_bool'),
    pytest.param(lambda: ember.tensor(-0.0), 'tensor(-0.)', id='scalar_neg_zero'),
    pytest.param(lambda: ember.tensor(float('nan')), 'tensor(nan)', id='scalar_nan'),
    pytest.param(lambda: ember.tensor(-float('inf')), 'tensor(-inf)', id='scalar_neg_inf'),
    pytest.param(lambda: ember.tensor(1e10), 'tensor(1.0000e+10)', id='scalar_big'),
    pytest.param(lambda: ember.tensor(1e-10), 'tensor(1.0000e-10)', id='scalar_tiny'),
    pytest.param(lambda: ember.tensor(2.5, dtype=ember.float64), 'tensor(2.5000, dtype=ember.float64)', id='scalar_float64'),
    pytest.param(lambda: ember.tensor(5, dtype=ember.int32), 'tensor(5, dtype=ember.int32)', id='scalar_int32'),
    pytest.param(lambda: ember.tensor(1+2j), 'tensor(1.+2.j)', id='scalar_complex'),
    pytest.param(lambda: ember.tensor(1.5, dtype=ember.bfloat16), 'tensor(1.5000, dtype=ember.bfloat16)', id='scalar_bfloat16'),
    pytest.param(lambda: ember.tensor(2**62), 'tensor(4611686018427387904)', id='scalar_int64_large'),
    pytest.param(lambda: ember.tensor([1, 2, 3]), 'tensor([1, 2, 3])', id='vec_int'),
    pytest.param(lambda: ember.tensor([-1, 10, -100]), 'tensor([  -1,   10, -100])', id='vec_negative_int'),
    pytest.param(lambda: ember.tensor([1., 2., 3.]), 'tensor([1., 2., 3.])', id='vec_int_valued_float'),
    pytest.param(lambda: ember.tensor([1.5, 2.25, -3.0]), 'tensor([ 1.5000,  2.2500, -3.0000])', id='vec_fixed'),
    pytest.param(lambda: ember.tensor([0.5, 100.5]), 'tensor([  0.5000, 100.5000])', id='vec_fixed_wide'),
    pytest.param(lambda: ember.tensor([0.1, 1000.5]), 'tensor([1.0000e-01, 1.0005e+03])', id='vec_ratio_over_1000_is_sci'),
    pytest.param(lambda: ember.tensor([12.5, -0.25, 100.125]), 'tensor([ 12.5000,  -0.2500, 100.1250])', id='vec_fixed_mixed'),
    pytest.param(lambda: ember.tensor([-1.5, 10.0, -100.25]), 'tensor([  -1.5000,   10.0000, -100.2500])', id='vec_negative_fixed'),
    pytest.param(lambda: ember.tensor([True, False, True]), 'tensor([ True, False,  True])', id='vec_bool'),
    pytest.param(lambda: ember.tensor([1e-5, 1.0]), 'tensor([1.0000e-05, 1.0000e+00])', id='vec_sci_small'),
    pytest.param(lambda: ember.tensor([1e10, 1.0]), 'tensor([1.0000e+10, 1.0000e+00])', id='vec_sci_large'),
    pytest.param(lambda: ember.tensor([1.0, 1001.0]), 'tensor([1.0000e+00, 1.0010e+03])', id='vec_sci_int_mode_ratio'),
    pytest.param(lambda: ember.tensor([1.0, 1000.0]), 'tensor([   1., 1000.])', id='vec_int_mode_ratio_1000'),
    pytest.param(lambda: ember.tensor([1.0, 1.1e8]), 'tensor([1.0000e+00, 1.1000e+08])', id='vec_int_mode_above_1e8'),
    pytest.param(lambda: ember.tensor([1e-4, 1.0]), 'tensor([1.0000e-04, 1.0000e+00])', id='vec_min_1e-4'),
    pytest.param(lambda: ember.tensor([0.00012, 0.00009]), 'tensor([1.2000e-04, 9.0000e-05])', id='vec_below_1e-4'),
    pytest.param(lambda: ember.tensor([float('nan'), 1.0, float('inf'), -float('inf')]), 'tensor([nan, 1., inf, -inf])', id='vec_nan_inf_int_mode'),
    pytest.param(lambda: ember.tensor([float('nan'), 1.5]), 'tensor([   nan, 1.5000])', id='vec_nan_fixed'),
    pytest.param(lambda: ember.tensor([float('inf'), -float('inf')]), 'tensor([inf, -inf])', id='vec_only_nonfinite'),
    pytest.param(lambda: ember.tensor([0.0, 0.0]), 'tensor([0., 0.])', id='vec_zeros'),
    pytest.param(lambda: ember.tensor([-0.0, 0.0, 1.5]), 'tensor([-0.0000, 0.0000, 1.5000])', id='vec_neg_zero_mixed'),
    pytest.param(lambda: ember.tensor([1.5, 2.5], dtype=ember.float64), 'tensor([1.5000, 2.5000], dtype=ember.float64)', id='vec_float64'),
    pytest.param(lambda: ember.tensor([1, 2], dtype=ember.float64), 'tensor([1., 2.], dtype=ember.float64)', id='vec_float64_int_valued'),
    pytest.param(lambda: ember.tensor([1, 2], dtype=ember.int32), 'tensor([1, 2], dtype=ember.int32)', id='vec_int32'),
    pytest.param(lambda: ember.tensor([1, 2], dtype=ember.uint8), 'tensor([1, 2], dtype=ember.uint8)', id='vec_uint8'),
    pytest.param(lambda: ember.tensor([1, 2], dtype=ember.int8), 'tensor([1, 2], dtype=ember.int8)', id='vec_int8'),
    pytest.param(lambda: ember.tensor([[1, -2], [300, 4]], dtype=ember.int16), 'tensor([[  1,  -2],\n        [300,   4]], dtype=ember.int16)', id='vec_int16'),
    pytest.param(lambda: ember.tensor([1.5, 2], dtype=ember.float16), 'tensor([1.5000, 2.0000], dtype=ember.float16)', id='vec_float16'),
    pytest.param(lambda: ember.tensor([1.5, 2], dtype=ember.bfloat16), 'tensor([1.5000, 2.0000], dtype=ember.bfloat16)', id='vec_bfloat16'),
    pytest.param(lambda: ember.tensor([1.5+2j, -3-4.25j]), 'tensor([ 1.5000+2.0000j, -3.0000-4.2500j])', id='vec_complex'),
    pytest.param(lambda: ember.tensor([1+2j, 3-4j]), 'tensor([1.+2.j, 3.-4.j])', id='vec_complex_int_valued'),
    pytest.param(lambda: ember.tensor([1+2j], dtype=ember.complex128), 'tensor([1.+2.j], dtype=ember.complex128)', id='vec_complex128'),
    pytest.param(lambda: ember.tensor([1-0j, complex(1.0, -0.0)]), 'tensor([1.+0.j, 1.-0.j])', id='vec_complex_neg_zero_imag'),
    pytest.param(lambda: ember.tensor([[1, 2], [3, 4]]), 'tensor([[1, 2],\n        [3, 4]])', id='mat_int'),
    pytest.param(lambda: ember.tensor([[1., -2.], [3., 4.]]), 'tensor([[ 1., -2.],\n        [ 3.,  4.]])', id='mat_float'),
    pytest.param(lambda: ember.tensor([[1e-3, 2.0], [3.0, -4e3]]), 'tensor([[ 1.0000e-03,  2.0000e+00],\n        [ 3.0000e+00, -4.0000e+03]])', id='mat_sci'),
    pytest.param(lambda: ember.tensor([[True, False], [False, True]]), 'tensor([[ True, False],\n        [False,  True]])', id='mat_bool'),
    pytest.param(lambda: ember.ones(3, 1), 'tensor([[1.],\n        [1.],\n        [1.]])', id='mat_column'),
    pytest.param(lambda: ember.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), 'tensor([[[1, 2],\n         [3, 4]],\n\n        [[5, 6],\n         [7, 8]]])', id='cube_int'),
    pytest.param(lambda: ember.tensor([[[1.5, 2], [3, 4]], [[5, 6], [7, 8]]]), 'tensor([[[1.5000, 2.0000],\n         [3.0000, 4.0000]],\n\n        [[5.0000, 6.0000],\n         [7.0000, 8.0000]]])', id='cube_float'),
    pytest.param(lambda: ember.ones(2, 3, 4), 'tensor([[[1., 1., 1., 1.],\n         [1., 1., 1., 1.],\n         [1., 1., 1., 1.]],\n\n        [[1., 1., 1., 1.],\n         [1., 1., 1., 1.],\n         [1., 1., 1., 1.]]])', id='ones_3d'),
    pytest.param(lambda: ember.from_numpy(np.arange(16).reshape(2, 2, 2, 2)), 'tensor([[[[ 0,  1],\n          [ 2,  3]],\n\n         [[ 4,  5],\n          [ 6,  7]]],\n\n\n        [[[ 8,  9],\n          [10, 11]],\n\n         [[12, 13],\n          [14, 15]]]])', id='ones_4d'),
    pytest.param(lambda: ember.ones(1, 1, 1), 'tensor([[[1.]]])', id='ones_111'),
    pytest.param(lambda: ember.tensor([]), 'tensor([])', id='empty_1d'),
    pytest.param(lambda: ember.zeros(0, 3), 'tensor([], size=(0, 3))', id='empty_2d'),
    pytest.param(lambda: ember.zeros(2, 0, 3), 'tensor([], size=(2, 0, 3))', id='empty_3d'),
    pytest.param(lambda: ember.zeros(0, dtype=ember.float64), 'tensor([], dtype=ember.float64)', id='empty_float64'),
    pytest.param(lambda: ember.zeros(0, 2, dtype=ember.int32), 'tensor([], size=(0, 2), dtype=ember.int32)', id='empty_int32_2d'),
    pytest.param(lambda: ember.tensor([[], []]), 'tensor([], size=(2, 0))', id='empty_nested'),
    pytest.param(lambda: ember.empty(0, 0), 'tensor([], size=(0, 0))', id='empty_0x0'),
    pytest.param(lambda: ember.tensor([1.0, 2.0], requires_grad=True), 'tensor([1., 2.], requires_grad=True)', id='requires_grad'),
    pytest.param(lambda: ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True), 'tensor([1., 2.], dtype=ember.float64, requires_grad=True)', id='requires_grad_float64'),
    pytest.param(lambda: ember.full((2, 2), 3.14159265), 'tensor([[3.1416, 3.1416],\n        [3.1416, 3.1416]])', id='full_pi'),
    pytest.param(lambda: ember.arange(0, 5, 0.25), 'tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000, 1.2500, 1.5000, 1.7500, 2.0000,\n        2.2500, 2.5000, 2.7500, 3.0000, 3.2500, 3.5000, 3.7500, 4.0000, 4.2500,\n        4.5000, 4.7500])', id='arange_float_step'),
    pytest.param(lambda: ember.arange(0.0, 1.0, 0.1), 'tensor([0.0000, 0.1000, 0.2000, 0.3000, 0.4000, 0.5000, 0.6000, 0.7000, 0.8000,\n        0.9000])', id='arange_tenths'),
    pytest.param(lambda: ember.arange(100), 'tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n        36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,\n        54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,\n        72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89,\n        90, 91, 92, 93, 94, 95, 96, 97, 98, 99])', id='wrap_int_100'),
    pytest.param(lambda: ember.arange(40, dtype=ember.float64), 'tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n        28., 29., 30., 31., 32., 33., 34., 35., 36., 37., 38., 39.],\n       dtype=ember.float64)', id='wrap_float64_40'),
    pytest.param(lambda: ember.tensor([[1.0] * 30, [2.0] * 30]), 'tensor([[1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.,\n         1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.],\n        [2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2.,\n         2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2.]])', id='wrap_2d_rows'),
    pytest.param(lambda: ember.tensor([[[1.5] * 25] * 2] * 2), 'tensor([[[1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000],\n         [1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000]],\n\n        [[1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000],\n         [1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n          1.5000]]])', id='wrap_3d'),
    pytest.param(lambda: ember.tensor([123456.0] * 12, dtype=ember.float64), 'tensor([123456., 123456., 123456., 123456., 123456., 123456., 123456., 123456.,\n        123456., 123456., 123456., 123456.], dtype=ember.float64)', id='wrap_float64_suffix'),
    pytest.param(lambda: ember.tensor([[1.5] * 20] * 3, dtype=ember.float64), 'tensor([[1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n         1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n         1.5000, 1.5000],\n        [1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n         1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n         1.5000, 1.5000],\n        [1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n         1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000, 1.5000,\n         1.5000, 1.5000]], dtype=ember.float64)', id='wrap_suffix_newline'),
    pytest.param(lambda: ember.tensor([True, False] * 20), 'tensor([ True, False,  True, False,  True, False,  True, False,  True, False,\n         True, False,  True, False,  True, False,  True, False,  True, False,\n         True, False,  True, False,  True, False,  True, False,  True, False,\n         True, False,  True, False,  True, False,  True, False,  True, False])', id='wrap_bool'),
    pytest.param(lambda: ember.tensor([12345678] * 9, dtype=ember.int32), 'tensor([12345678, 12345678, 12345678, 12345678, 12345678, 12345678, 12345678,\n        12345678, 12345678], dtype=ember.int32)', id='wrap_int32'),
    pytest.param(lambda: ember.tensor([i * 1e6 for i in range(30)]), 'tensor([       0.,  1000000.,  2000000.,  3000000.,  4000000.,  5000000.,\n         6000000.,  7000000.,  8000000.,  9000000., 10000000., 11000000.,\n        12000000., 13000000., 14000000., 15000000., 16000000., 17000000.,\n        18000000., 19000000., 20000000., 21000000., 22000000., 23000000.,\n        24000000., 25000000., 26000000., 27000000., 28000000., 29000000.])', id='wrap_sci'),
    pytest.param(lambda: ember.arange(2000), 'tensor([   0,    1,    2,  ..., 1997, 1998, 1999])', id='summary_arange_2000'),
    pytest.param(lambda: ember.arange(2000.), 'tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])', id='summary_arange_2000_float'),
    pytest.param(lambda: ember.arange(1001), 'tensor([   0,    1,    2,  ...,  998,  999, 1000])', id='summary_arange_1001'),
    pytest.param(lambda: ember.arange(1000), 'tensor([  0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,\n         14,  15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,\n         28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,  41,\n         42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  52,  53,  54,  55,\n         56,  57,  58,  59,  60,  61,  62,  63,  64,  65,  66,  67,  68,  69,\n         70,  71,  72,  73,  74,  75,  76,  77,  78,  79,  80,  81,  82,  83,\n         84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,  96,  97,\n         98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,\n        112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125,\n        126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139,\n        140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153,\n        154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167,\n        168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181,\n        182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195,\n        196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209,\n        210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223,\n        224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237,\n        238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251,\n        252, 253, 254, 255, 256, 257, 258, 259, 260, 261, 262, 263, 264, 265,\n        266, 267, 268, 269, 270, 271, 272, 273, 274, 275, 276, 277, 278, 279,\n        280, 281, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291, 292, 293,\n        294, 295, 296, 297, 298, 299, 300, 301, 302, 303, 304, 305, 306, 307,\n        308, 309, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321,\n        322, 323, 324, 325, 326, 327, 328, 329, 330, 331, 332, 333, 334, 335,\n        336, 337, 338, 339, 340, 341, 342, 343, 344, 345, 346, 347, 348, 349,\n        350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 360, 361, 362, 363,\n        364, 365, 366, 367, 368, 369, 370, 371, 372, 373, 374, 375, 376, 377,\n        378, 379, 380, 381, 382, 383, 384, 385, 386, 387, 388, 389, 390, 391,\n        392, 393, 394, 395, 396, 397, 398, 399, 400, 401, 402, 403, 404, 405,\n        406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 419,\n        420, 421, 422, 423, 424, 425, 426, 427, 428, 429, 430, 431, 432, 433,\n        434, 435, 436, 437, 438, 439, 440, 441, 442, 443, 444, 445, 446, 447,\n        448, 449, 450, 451, 452, 453, 454, 455, 456, 457, 458, 459, 460, 461,\n        462, 463, 464, 465, 466, 467, 468, 469, 470, 471, 472, 473, 474, 475,\n        476, 477, 478, 479, 480, 481, 482, 483, 484, 485, 486, 487, 488, 489,\n        490, 491, 492, 493, 494, 495, 496, 497, 498, 499, 500, 501, 502, 503,\n        504, 505, 506, 507, 508, 509, 510, 511, 512, 513, 514, 515, 516, 517,\n        518, 519, 520, 521, 522, 523, 524, 525, 526, 527, 528, 529, 530, 531,\n        532, 533, 534, 535, 536, 537, 538, 539, 540, 541, 542, 543, 544, 545,\n        546, 547, 548, 549, 550, 551, 552, 553, 554, 555, 556, 557, 558, 559,\n        560, 561, 562, 563, 564, 565, 566, 567, 568, 569, 570, 571, 572, 573,\n        574, 575, 576, 577, 578, 579, 580, 581, 582, 583, 584, 585, 586, 587,\n        588, 589, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 600, 601,\n        602, 603, 604, 605, 606, 607, 608, 609, 610, 611, 612, 613, 614, 615,\n        616, 617, 618, 619, 620, 621, 622, 623, 624, 625, 626, 627, 628, 629,\n        630, 631, 632, 633, 634, 635, 636, 637, 638, 639, 640, 641, 642, 643,\n        644, 645, 646, 647, 648, 649, 650, 651, 652, 653, 654, 655, 656, 657,\n        658, 659, 660, 661, 662, 663, 664, 665, 666, 667, 668, 669, 670, 671,\n        672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 684, 685,\n        686, 687, 688, 689, 690, 691, 692, 693, 694, 695, 696, 697, 698, 699,\n        700, 701, 702, 703, 704, 705, 706, 707, 708, 709, 710, 711, 712, 713,\n        714, 715, 716, 717, 718, 719, 720, 721, 722, 723, 724, 725, 726, 727,\n        728, 729, 730, 731, 732, 733, 734, 735, 736, 737, 738, 739, 740, 741,\n        742, 743, 744, 745, 746, 747, 748, 749, 750, 751, 752, 753, 754, 755,\n        756, 757, 758, 759, 760, 761, 762, 763, 764, 765, 766, 767, 768, 769,\n        770, 771, 772, 773, 774, 775, 776, 777, 778, 779, 780, 781, 782, 783,\n        784, 785, 786, 787, 788, 789, 790, 791, 792, 793, 794, 795, 796, 797,\n        798, 799, 800, 801, 802, 803, 804, 805, 806, 807, 808, 809, 810, 811,\n        812, 813, 814, 815, 816, 817, 818, 819, 820, 821, 822, 823, 824, 825,\n        826, 827, 828, 829, 830, 831, 832, 833, 834, 835, 836, 837, 838, 839,\n        840, 841, 842, 843, 844, 845, 846, 847, 848, 849, 850, 851, 852, 853,\n        854, 855, 856, 857, 858, 859, 860, 861, 862, 863, 864, 865, 866, 867,\n        868, 869, 870, 871, 872, 873, 874, 875, 876, 877, 878, 879, 880, 881,\n        882, 883, 884, 885, 886, 887, 888, 889, 890, 891, 892, 893, 894, 895,\n        896, 897, 898, 899, 900, 901, 902, 903, 904, 905, 906, 907, 908, 909,\n        910, 911, 912, 913, 914, 915, 916, 917, 918, 919, 920, 921, 922, 923,\n        924, 925, 926, 927, 928, 929, 930, 931, 932, 933, 934, 935, 936, 937,\n        938, 939, 940, 941, 942, 943, 944, 945, 946, 947, 948, 949, 950, 951,\n        952, 953, 954, 955, 956, 957, 958, 959, 960, 961, 962, 963, 964, 965,\n        966, 967, 968, 969, 970, 971, 972, 973, 974, 975, 976, 977, 978, 979,\n        980, 981, 982, 983, 984, 985, 986, 987, 988, 989, 990, 991, 992, 993,\n        994, 995, 996, 997, 998, 999])', id='no_summary_at_threshold_1000'),
    pytest.param(lambda: ember.from_numpy(np.arange(10000).reshape(100, 100)), 'tensor([[   0,    1,    2,  ...,   97,   98,   99],\n        [ 100,  101,  102,  ...,  197,  198,  199],\n        [ 200,  201,  202,  ...,  297,  298,  299],\n        ...,\n        [9700, 9701, 9702,  ..., 9797, 9798, 9799],\n        [9800, 9801, 9802,  ..., 9897, 9898, 9899],\n        [9900, 9901, 9902,  ..., 9997, 9998, 9999]])', id='summary_100x100'),
    pytest.param(lambda: ember.from_numpy(np.arange(1200.).reshape(3, 400)), 'tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 3.9700e+02, 3.9800e+02,\n         3.9900e+02],\n        [4.0000e+02, 4.0100e+02, 4.0200e+02,  ..., 7.9700e+02, 7.9800e+02,\n         7.9900e+02],\n        [8.0000e+02, 8.0100e+02, 8.0200e+02,  ..., 1.1970e+03, 1.1980e+03,\n         1.1990e+03]], dtype=ember.float64)', id='summary_3x400'),
    pytest.param(lambda: ember.from_numpy(np.arange(1200).reshape(2, 600)), 'tensor([[   0,    1,    2,  ...,  597,  598,  599],\n        [ 600,  601,  602,  ..., 1197, 1198, 1199]])', id='summary_2x600'),
    pytest.param(lambda: ember.from_numpy(np.arange(5000).reshape(10, 10, 50)), 'tensor([[[   0,    1,    2,  ...,   47,   48,   49],\n         [  50,   51,   52,  ...,   97,   98,   99],\n         [ 100,  101,  102,  ...,  147,  148,  149],\n         ...,\n         [ 350,  351,  352,  ...,  397,  398,  399],\n         [ 400,  401,  402,  ...,  447,  448,  449],\n         [ 450,  451,  452,  ...,  497,  498,  499]],\n\n        [[ 500,  501,  502,  ...,  547,  548,  549],\n         [ 550,  551,  552,  ...,  597,  598,  599],\n         [ 600,  601,  602,  ...,  647,  648,  649],\n         ...,\n         [ 850,  851,  852,  ...,  897,  898,  899],\n         [ 900,  901,  902,  ...,  947,  948,  949],\n         [ 950,  951,  952,  ...,  997,  998,  999]],\n\n        [[1000, 1001, 1002,  ..., 1047, 1048, 1049],\n         [1050, 1051, 1052,  ..., 1097, 1098, 1099],\n         [1100, 1101, 1102,  ..., 1147, 1148, 1149],\n         ...,\n         [1350, 1351, 1352,  ..., 1397, 1398, 1399],\n         [1400, 1401, 1402,  ..., 1447, 1448, 1449],\n         [1450, 1451, 1452,  ..., 1497, 1498, 1499]],\n\n        ...,\n\n        [[3500, 3501, 3502,  ..., 3547, 3548, 3549],\n         [3550, 3551, 3552,  ..., 3597, 3598, 3599],\n         [3600, 3601, 3602,  ..., 3647, 3648, 3649],\n         ...,\n         [3850, 3851, 3852,  ..., 3897, 3898, 3899],\n         [3900, 3901, 3902,  ..., 3947, 3948, 3949],\n         [3950, 3951, 3952,  ..., 3997, 3998, 3999]],\n\n        [[4000, 4001, 4002,  ..., 4047, 4048, 4049],\n         [4050, 4051, 4052,  ..., 4097, 4098, 4099],\n         [4100, 4101, 4102,  ..., 4147, 4148, 4149],\n         ...,\n         [4350, 4351, 4352,  ..., 4397, 4398, 4399],\n         [4400, 4401, 4402,  ..., 4447, 4448, 4449],\n         [4450, 4451, 4452,  ..., 4497, 4498, 4499]],\n\n        [[4500, 4501, 4502,  ..., 4547, 4548, 4549],\n         [4550, 4551, 4552,  ..., 4597, 4598, 4599],\n         [4600, 4601, 4602,  ..., 4647, 4648, 4649],\n         ...,\n         [4850, 4851, 4852,  ..., 4897, 4898, 4899],\n         [4900, 4901, 4902,  ..., 4947, 4948, 4949],\n         [4950, 4951, 4952,  ..., 4997, 4998, 4999]]])', id='summary_3d'),
    pytest.param(lambda: ember.arange(2000, dtype=ember.float64), 'tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03], dtype=ember.float64)', id='summary_float64'),
    pytest.param(lambda: ember.zeros(2000), 'tensor([0., 0., 0.,  ..., 0., 0., 0.])', id='summary_zeros'),
    pytest.param(lambda: ember.ones(2000, dtype=ember.bool), 'tensor([True, True, True,  ..., True, True, True])', id='summary_bool'),
    pytest.param(lambda: ember.from_numpy(np.arange(6.).reshape(2, 3)).t(), 'tensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]], dtype=ember.float64)', id='transposed_view'),
    pytest.param(lambda: ember.from_numpy(np.arange(20).reshape(4, 5))[1:, ::2], 'tensor([[ 5,  7,  9],\n        [10, 12, 14],\n        [15, 17, 19]])', id='sliced_view'),
]

EMPTY_DTYPE_CASES = [
    pytest.param(lambda: ember.zeros(0, dtype=ember.int64), 'tensor([], dtype=ember.int64)', id='empty_int64_dtype_suffix'),
    pytest.param(lambda: ember.arange(5, 5), 'tensor([], dtype=ember.int64)', id='empty_arange_dtype_suffix'),
    pytest.param(lambda: ember.tensor([], dtype=ember.bool), 'tensor([], dtype=ember.bool)', id='empty_bool_dtype_suffix'),
    pytest.param(lambda: ember.zeros(0, 3, dtype=ember.int64), 'tensor([], size=(0, 3), dtype=ember.int64)', id='empty_2d_int64_dtype_suffix'),
    pytest.param(lambda: ember.zeros(0, dtype=ember.complex64), 'tensor([], dtype=ember.complex64)', id='empty_complex64_dtype_suffix'),
]

WRAP_CASES = [
    pytest.param(lambda: ember.tensor([1.0, float('nan')] * 30), 'tensor([1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan,\n        1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan,\n        1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan, 1., nan,\n        1., nan, 1., nan, 1., nan])', id='wrap_uses_formatter_width_nan'),
    pytest.param(lambda: ember.tensor([1.0, -float('inf')] * 20), 'tensor([1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf,\n        1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf, 1., -inf,\n        1., -inf, 1., -inf])', id='wrap_uses_formatter_width_inf'),
    pytest.param(lambda: ember.tensor([1+2j] * 12), 'tensor([1.+2.j, 1.+2.j, 1.+2.j, 1.+2.j, 1.+2.j, 1.+2.j, 1.+2.j, 1.+2.j, 1.+2.j, 1.+2.j,\n        1.+2.j, 1.+2.j])', id='wrap_uses_formatter_width_complex'),
]

OPTION_CASES = [
    pytest.param({'precision': 2}, lambda: ember.tensor([1.23456, 2.5]), 'tensor([1.23, 2.50])', id='precision_2'),
    pytest.param({'precision': 6}, lambda: ember.tensor([1.23456789, 2.5]), 'tensor([1.234568, 2.500000])', id='precision_6'),
    pytest.param({'sci_mode': True}, lambda: ember.tensor([1.5, 2.5]), 'tensor([1.5000e+00, 2.5000e+00])', id='sci_mode_true'),
    pytest.param({'sci_mode': True}, lambda: ember.tensor([1.0, 2.0]), 'tensor([1.0000e+00, 2.0000e+00])', id='sci_mode_true_int_valued'),
    pytest.param({'linewidth': 40}, lambda: ember.arange(30), 'tensor([ 0,  1,  2,  3,  4,  5,  6,  7,\n         8,  9, 10, 11, 12, 13, 14, 15,\n        16, 17, 18, 19, 20, 21, 22, 23,\n        24, 25, 26, 27, 28, 29])', id='linewidth_40'),
    pytest.param({'linewidth': 40}, lambda: ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True), 'tensor([1., 2.], dtype=ember.float64,\n       requires_grad=True)', id='linewidth_40_suffix'),
    pytest.param({'linewidth': 30}, lambda: ember.arange(12, dtype=ember.float64), 'tensor([ 0.,  1.,  2.,  3.,\n         4.,  5.,  6.,  7.,\n         8.,  9., 10., 11.],\n       dtype=ember.float64)', id='linewidth_30'),
    pytest.param({'threshold': 5}, lambda: ember.arange(10), 'tensor([0, 1, 2,  ..., 7, 8, 9])', id='threshold_5'),
    pytest.param({'threshold': 5, 'edgeitems': 1}, lambda: ember.arange(10), 'tensor([0,  ..., 9])', id='threshold_5_edgeitems_1'),
    pytest.param({'threshold': 5, 'edgeitems': 2}, lambda: ember.from_numpy(np.arange(20).reshape(4, 5)), 'tensor([[ 0,  1,  ...,  3,  4],\n        [ 5,  6,  ...,  8,  9],\n        [10, 11,  ..., 13, 14],\n        [15, 16,  ..., 18, 19]])', id='threshold_5_edgeitems_2_2d'),
    pytest.param({'profile': 'short'}, lambda: ember.tensor([1.23456, 2.5]), 'tensor([1.23, 2.50])', id='profile_short'),
    pytest.param({'profile': 'short'}, lambda: ember.arange(2000), 'tensor([   0,    1,  ..., 1998, 1999])', id='profile_short_summary'),
    pytest.param({'profile': 'full'}, lambda: ember.arange(1100), 'tensor([   0,    1,    2,    3,    4,    5,    6,    7,    8,    9,   10,   11,\n          12,   13,   14,   15,   16,   17,   18,   19,   20,   21,   22,   23,\n          24,   25,   26,   27,   28,   29,   30,   31,   32,   33,   34,   35,\n          36,   37,   38,   39,   40,   41,   42,   43,   44,   45,   46,   47,\n          48,   49,   50,   51,   52,   53,   54,   55,   56,   57,   58,   59,\n          60,   61,   62,   63,   64,   65,   66,   67,   68,   69,   70,   71,\n          72,   73,   74,   75,   76,   77,   78,   79,   80,   81,   82,   83,\n          84,   85,   86,   87,   88,   89,   90,   91,   92,   93,   94,   95,\n          96,   97,   98,   99,  100,  101,  102,  103,  104,  105,  106,  107,\n         108,  109,  110,  111,  112,  113,  114,  115,  116,  117,  118,  119,\n         120,  121,  122,  123,  124,  125,  126,  127,  128,  129,  130,  131,\n         132,  133,  134,  135,  136,  137,  138,  139,  140,  141,  142,  143,\n         144,  145,  146,  147,  148,  149,  150,  151,  152,  153,  154,  155,\n         156,  157,  158,  159,  160,  161,  162,  163,  164,  165,  166,  167,\n         168,  169,  170,  171,  172,  173,  174,  175,  176,  177,  178,  179,\n         180,  181,  182,  183,  184,  185,  186,  187,  188,  189,  190,  191,\n         192,  193,  194,  195,  196,  197,  198,  199,  200,  201,  202,  203,\n         204,  205,  206,  207,  208,  209,  210,  211,  212,  213,  214,  215,\n         216,  217,  218,  219,  220,  221,  222,  223,  224,  225,  226,  227,\n         228,  229,  230,  231,  232,  233,  234,  235,  236,  237,  238,  239,\n         240,  241,  242,  243,  244,  245,  246,  247,  248,  249,  250,  251,\n         252,  253,  254,  255,  256,  257,  258,  259,  260,  261,  262,  263,\n         264,  265,  266,  267,  268,  269,  270,  271,  272,  273,  274,  275,\n         276,  277,  278,  279,  280,  281,  282,  283,  284,  285,  286,  287,\n         288,  289,  290,  291,  292,  293,  294,  295,  296,  297,  298,  299,\n         300,  301,  302,  303,  304,  305,  306,  307,  308,  309,  310,  311,\n         312,  313,  314,  315,  316,  317,  318,  319,  320,  321,  322,  323,\n         324,  325,  326,  327,  328,  329,  330,  331,  332,  333,  334,  335,\n         336,  337,  338,  339,  340,  341,  342,  343,  344,  345,  346,  347,\n         348,  349,  350,  351,  352,  353,  354,  355,  356,  357,  358,  359,\n         360,  361,  362,  363,  364,  365,  366,  367,  368,  369,  370,  371,\n         372,  373,  374,  375,  376,  377,  378,  379,  380,  381,  382,  383,\n         384,  385,  386,  387,  388,  389,  390,  391,  392,  393,  394,  395,\n         396,  397,  398,  399,  400,  401,  402,  403,  404,  405,  406,  407,\n         408,  409,  410,  411,  412,  413,  414,  415,  416,  417,  418,  419,\n         420,  421,  422,  423,  424,  425,  426,  427,  428,  429,  430,  431,\n         432,  433,  434,  435,  436,  437,  438,  439,  440,  441,  442,  443,\n         444,  445,  446,  447,  448,  449,  450,  451,  452,  453,  454,  455,\n         456,  457,  458,  459,  460,  461,  462,  463,  464,  465,  466,  467,\n         468,  469,  470,  471,  472,  473,  474,  475,  476,  477,  478,  479,\n         480,  481,  482,  483,  484,  485,  486,  487,  488,  489,  490,  491,\n         492,  493,  494,  495,  496,  497,  498,  499,  500,  501,  502,  503,\n         504,  505,  506,  507,  508,  509,  510,  511,  512,  513,  514,  515,\n         516,  517,  518,  519,  520,  521,  522,  523,  524,  525,  526,  527,\n         528,  529,  530,  531,  532,  533,  534,  535,  536,  537,  538,  539,\n         540,  541,  542,  543,  544,  545,  546,  547,  548,  549,  550,  551,\n         552,  553,  554,  555,  556,  557,  558,  559,  560,  561,  562,  563,\n         564,  565,  566,  567,  568,  569,  570,  571,  572,  573,  574,  575,\n         576,  577,  578,  579,  580,  581,  582,  583,  584,  585,  586,  587,\n         588,  589,  590,  591,  592,  593,  594,  595,  596,  597,  598,  599,\n         600,  601,  602,  603,  604,  605,  606,  607,  608,  609,  610,  611,\n         612,  613,  614,  615,  616,  617,  618,  619,  620,  621,  622,  623,\n         624,  625,  626,  627,  628,  629,  630,  631,  632,  633,  634,  635,\n         636,  637,  638,  639,  640,  641,  642,  643,  644,  645,  646,  647,\n         648,  649,  650,  651,  652,  653,  654,  655,  656,  657,  658,  659,\n         660,  661,  662,  663,  664,  665,  666,  667,  668,  669,  670,  671,\n         672,  673,  674,  675,  676,  677,  678,  679,  680,  681,  682,  683,\n         684,  685,  686,  687,  688,  689,  690,  691,  692,  693,  694,  695,\n         696,  697,  698,  699,  700,  701,  702,  703,  704,  705,  706,  707,\n         708,  709,  710,  711,  712,  713,  714,  715,  716,  717,  718,  719,\n         720,  721,  722,  723,  724,  725,  726,  727,  728,  729,  730,  731,\n         732,  733,  734,  735,  736,  737,  738,  739,  740,  741,  742,  743,\n         744,  745,  746,  747,  748,  749,  750,  751,  752,  753,  754,  755,\n         756,  757,  758,  759,  760,  761,  762,  763,  764,  765,  766,  767,\n         768,  769,  770,  771,  772,  773,  774,  775,  776,  777,  778,  779,\n         780,  781,  782,  783,  784,  785,  786,  787,  788,  789,  790,  791,\n         792,  793,  794,  795,  796,  797,  798,  799,  800,  801,  802,  803,\n         804,  805,  806,  807,  808,  809,  810,  811,  812,  813,  814,  815,\n         816,  817,  818,  819,  820,  821,  822,  823,  824,  825,  826,  827,\n         828,  829,  830,  831,  832,  833,  834,  835,  836,  837,  838,  839,\n         840,  841,  842,  843,  844,  845,  846,  847,  848,  849,  850,  851,\n         852,  853,  854,  855,  856,  857,  858,  859,  860,  861,  862,  863,\n         864,  865,  866,  867,  868,  869,  870,  871,  872,  873,  874,  875,\n         876,  877,  878,  879,  880,  881,  882,  883,  884,  885,  886,  887,\n         888,  889,  890,  891,  892,  893,  894,  895,  896,  897,  898,  899,\n         900,  901,  902,  903,  904,  905,  906,  907,  908,  909,  910,  911,\n         912,  913,  914,  915,  916,  917,  918,  919,  920,  921,  922,  923,\n         924,  925,  926,  927,  928,  929,  930,  931,  932,  933,  934,  935,\n         936,  937,  938,  939,  940,  941,  942,  943,  944,  945,  946,  947,\n         948,  949,  950,  951,  952,  953,  954,  955,  956,  957,  958,  959,\n         960,  961,  962,  963,  964,  965,  966,  967,  968,  969,  970,  971,\n         972,  973,  974,  975,  976,  977,  978,  979,  980,  981,  982,  983,\n         984,  985,  986,  987,  988,  989,  990,  991,  992,  993,  994,  995,\n         996,  997,  998,  999, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007,\n        1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 1016, 1017, 1018, 1019,\n        1020, 1021, 1022, 1023, 1024, 1025, 1026, 1027, 1028, 1029, 1030, 1031,\n        1032, 1033, 1034, 1035, 1036, 1037, 1038, 1039, 1040, 1041, 1042, 1043,\n        1044, 1045, 1046, 1047, 1048, 1049, 1050, 1051, 1052, 1053, 1054, 1055,\n        1056, 1057, 1058, 1059, 1060, 1061, 1062, 1063, 1064, 1065, 1066, 1067,\n        1068, 1069, 1070, 1071, 1072, 1073, 1074, 1075, 1076, 1077, 1078, 1079,\n        1080, 1081, 1082, 1083, 1084, 1085, 1086, 1087, 1088, 1089, 1090, 1091,\n        1092, 1093, 1094, 1095, 1096, 1097, 1098, 1099])', id='profile_full'),
    pytest.param({'threshold': 5}, lambda: ember.tensor([[1.5, float('nan')] * 4] * 4), 'tensor([[1.5000,    nan, 1.5000,  ...,    nan, 1.5000,    nan],\n        [1.5000,    nan, 1.5000,  ...,    nan, 1.5000,    nan],\n        [1.5000,    nan, 1.5000,  ...,    nan, 1.5000,    nan],\n        [1.5000,    nan, 1.5000,  ...,    nan, 1.5000,    nan]])', id='threshold_nan_2d'),
    pytest.param({'threshold': 3}, lambda: ember.tensor([1+2j, 3+4j, 5+6j, 7+8j, 9+10j, 11+12j, 13+14j]), 'tensor([ 1.+2.j,  3.+4.j,  5.+6.j,  ...,  9.+10.j, 11.+12.j, 13.+14.j])', id='threshold_complex'),
]

FORCED_SCI_MODE_CASES = [
    pytest.param({'sci_mode': False}, lambda: ember.tensor([1e-8, 1e8]), 'tensor([        0.0000, 100000000.0000])', id='sci_mode_false_large'),
    pytest.param({'sci_mode': False}, lambda: ember.tensor([1e-5, 1.5]), 'tensor([0.0000, 1.5000])', id='sci_mode_false_width'),
    pytest.param({'sci_mode': False}, lambda: ember.tensor([1.0, 1e5]), 'tensor([     1., 100000.])', id='sci_mode_false_width_int_valued'),
]

EDGEITEMS_0_CASES = [
    pytest.param({'threshold': 5, 'edgeitems': 0}, lambda: ember.arange(10), 'tensor([...], size=(10,))', id='edgeitems_0_1d'),
    pytest.param({'threshold': 5, 'edgeitems': 0}, lambda: ember.from_numpy(np.arange(20).reshape(4, 5)), 'tensor([...], size=(4, 5))', id='edgeitems_0_2d'),
]

DEFAULT_FLOAT64_CASES = [
    pytest.param(lambda: ember.tensor([1.5, 2.5]), 'tensor([1.5000, 2.5000])', id='default64_float'),
    pytest.param(lambda: ember.tensor([1.5, 2.5], dtype=ember.float32), 'tensor([1.5000, 2.5000], dtype=ember.float32)', id='default64_float32_suffix'),
    pytest.param(lambda: ember.tensor([1+2j]), 'tensor([1.+2.j])', id='default64_complex128'),
    pytest.param(lambda: ember.tensor([1+2j], dtype=ember.complex64), 'tensor([1.+2.j], dtype=ember.complex64)', id='default64_complex64_suffix'),
    pytest.param(lambda: ember.zeros(0, dtype=ember.float32), 'tensor([], dtype=ember.float32)', id='default64_empty_float32'),
    pytest.param(lambda: ember.zeros(0), 'tensor([])', id='default64_empty'),
]

# fmt: on


@pytest.mark.parametrize("make, expected", CASES)
def test_repr(make, expected):
    t = make()
    assert repr(t) == expected
    assert str(t) == expected


@pytest.mark.parametrize("options, make, expected", OPTION_CASES)
def test_repr_with_print_options(options, make, expected):
    ember.set_printoptions(**options)
    assert repr(make()) == expected


def _reprs(cases, with_options=False):
    got, expected = [], []
    for case in cases:
        if with_options:
            options, make, want = case.values
            ember.set_printoptions(**options)
        else:
            make, want = case.values
        got.append(repr(make()))
        expected.append(want)
        ember.set_printoptions(profile="default")
    return got, expected


def test_repr_empty_tensors_name_non_default_dtypes():
    # torch names the dtype of an empty tensor unless it is the default float
    # dtype: int64, bool and complex64 are not implied when there are no values.
    got, expected = _reprs(EMPTY_DTYPE_CASES)
    assert got == expected


def test_repr_wraps_by_formatter_width():
    # torch fits floor((linewidth - indent) / (width + 2)) items on a line,
    # where width is the formatter's (nan/inf items may be wider; a complex
    # item's width is real width + imag width + 1).
    got, expected = _reprs(WRAP_CASES)
    assert got == expected


def test_repr_pads_to_the_forced_sci_mode():
    # With set_printoptions(sci_mode=...) torch pads numbers to their width in
    # the forced mode, not in the mode it would have chosen.
    got, expected = _reprs(FORCED_SCI_MODE_CASES, with_options=True)
    assert got == expected


def test_repr_with_zero_edgeitems():
    # edgeitems=0: a summarised tensor prints "[...]" and always names its size.
    got, expected = _reprs(EDGEITEMS_0_CASES, with_options=True)
    assert got == expected


@pytest.mark.parametrize("make, expected", DEFAULT_FLOAT64_CASES)
def test_repr_with_float64_default(make, expected):
    ember.set_default_dtype(ember.float64)
    assert repr(make()) == expected


def test_print_options_reset_by_default_profile():
    t = ember.tensor([1.23456, 2.5])
    ember.set_printoptions(precision=2, sci_mode=True)
    assert repr(t) == "tensor([1.23e+00, 2.50e+00])"
    ember.set_printoptions(profile="default")
    assert repr(t) == "tensor([1.2346, 2.5000])"


def test_set_printoptions_rejects_unknown_profile():
    with pytest.raises(ValueError):
        ember.set_printoptions(profile="huge")


def test_repr_of_views_and_non_contiguous():
    base = ember.from_numpy(np.arange(12.0).reshape(3, 4))
    assert repr(base[:, 1::2]) == "tensor([[ 1.,  3.],\n        [ 5.,  7.],\n        [ 9., 11.]], dtype=ember.float64)"
    assert repr(base[1, 2]) == "tensor(6., dtype=ember.float64)"


def test_repr_does_not_change_the_tensor():
    t = ember.arange(2000)
    repr(t)
    assert t.tolist() == list(range(2000))


def test_size_dtype_and_device_reprs():
    assert repr(ember.Size([2, 3])) == "ember.Size([2, 3])"
    assert str(ember.Size([2, 3])) == "ember.Size([2, 3])"
    assert repr(ember.Size([])) == "ember.Size([])"
    assert repr(ember.Size([5])) == "ember.Size([5])"
    assert repr(ember.ones(2, 3).shape) == "ember.Size([2, 3])"
    assert repr(ember.ones(2, 3).size()[1:]) == "ember.Size([3])"
    assert isinstance(ember.ones(2, 3).shape[1:], ember.Size)
    assert ember.Size([2, 3]) == (2, 3) and ember.Size([2, 3]).numel() == 6 and ember.Size([]).numel() == 1
    assert repr(ember.float32) == "ember.float32"
    assert repr(ember.device("cpu")) == "device(type='cpu')"
    assert repr(ember.device("cpu:0")) == "device(type='cpu', index=0)"
    assert repr(ember.device("cuda", 1)) == "device(type='cuda', index=1)"
    assert str(ember.device("cuda", 1)) == "cuda:1"
    assert ember.device("cuda").index is None and ember.device("cuda:3").type == "cuda"
