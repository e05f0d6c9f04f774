// Autograd's switches, thread-local as in PyTorch. The core only reads them
// (DESIGN.md section 3): ops record nothing themselves; when grad mode is on
// and an input requires grad, the binding hands the call to the recorder that
// ember.autograd installs.
#pragma once

namespace ember {

bool grad_enabled();
void set_grad_enabled(bool enabled);

// Inside inference_mode, new tensors are inference tensors: they can never
// join a graph, and grad mode is off.
bool inference_mode();
void set_inference_mode(bool enabled);

}  // namespace ember
