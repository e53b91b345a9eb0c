//! The package's allocator (feature `arena`, which `cargo xtask pkg` turns on): a stack of
//! blocks in one growing region, which gives its bytes back as soon as its newest blocks are
//! freed.
//!
//! Every entry point of the bindings is one synchronous call that allocates its arguments,
//! works, and returns a string that the JavaScript glue frees once it has read it, so nearly
//! every block is freed in about the reverse order of its allocation. The arena therefore needs
//! no free lists: an allocation moves a pointer up; freeing marks the block, and while the newest
//! block is marked, the pointer moves back down below it; the newest block grows and shrinks in
//! place. After a call, the region is empty again down to the blocks that live on
//! (wasm-bindgen's table of JavaScript values keeps one, allocated the first time the walker of
//! JavaScript values runs). Freed blocks below a live one wait until it is freed too: a one-off
//! loss of at most one call's worth of memory each time such a block is made. WebAssembly memory
//! never shrinks, with any allocator.
//!
//! Against the standard library's dlmalloc: about 7 KB less code (3 KB gzip), and no search for
//! free blocks on every allocation (BENCHMARKS.md, "npm package (wasm)"). Each block carries an
//! 8-byte header: where the pointer was before it, and the block below it (with a freed mark).
//! `tests/js/memory.test.mjs` calls every entry point of the package many times and checks that
//! the memory stops growing.
//!
//! Not for the wasm-bindgen tests, whose harness keeps blocks alive across tests: the feature is
//! off unless asked for.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

const PAGE: usize = 65_536;
/// The header before each block: two words.
const HEADER: usize = 2 * core::mem::size_of::<usize>();
/// Every block is aligned to at least this, which leaves the low bit of its address free for
/// the freed mark.
const MIN_ALIGN: usize = 8;
const FREED: usize = 1;

struct State {
    /// Where the region starts: the pointer never moves below it.
    floor: usize,
    /// The next free byte.
    next: usize,
    /// The end of the region (always the end of the memory).
    end: usize,
    /// The newest block still on the stack (its address), or 0.
    top: usize,
}

/// The allocator. WebAssembly here is single-threaded (no `atomics` target feature), so one
/// state without locking is sound.
pub struct Arena(UnsafeCell<State>);

// SAFETY: the wasm32-unknown-unknown target without the `atomics` feature has one thread.
unsafe impl Sync for Arena {}

impl Arena {
    pub const fn new() -> Self {
        Arena(UnsafeCell::new(State {
            floor: 0,
            next: 0,
            end: 0,
            top: 0,
        }))
    }
}

impl Default for Arena {
    fn default() -> Self {
        Self::new()
    }
}

/// A block's header: `[where the pointer was before it, the block below | FREED]`.
#[inline(always)]
fn header(block: usize) -> *mut [usize; 2] {
    (block - HEADER) as *mut [usize; 2]
}

/// Where a block of `size` bytes aligned to `align` goes when the free space starts at `next`:
/// its address and its end.
#[inline(always)]
fn place(next: usize, align: usize, size: usize) -> Option<(usize, usize)> {
    let block = align_up(next.checked_add(HEADER)?, align)?;
    Some((block, block.checked_add(size)?))
}

#[inline(always)]
fn align_up(addr: usize, align: usize) -> Option<usize> {
    Some(addr.checked_add(align - 1)? & !(align - 1))
}

impl State {
    /// Grows the memory so that the region reaches `stop`, or, when the memory does not end
    /// where the region does (before the first block, or after pages grown by someone else),
    /// moves the region to new pages of at least `fresh` bytes, leaving what lies below alone.
    fn grow(&mut self, stop: usize, fresh: usize) -> bool {
        let memory_end = wasm32::memory_size(0) * PAGE;
        let (from, need) = if memory_end == self.end {
            (self.end, stop - self.end)
        } else {
            (memory_end, fresh)
        };
        let pages = need.div_ceil(PAGE);
        if wasm32::memory_grow(0, pages) == usize::MAX {
            return false;
        }
        if from != self.end {
            self.floor = from;
            self.next = from;
        }
        self.end = from + pages * PAGE;
        true
    }

    /// A new block of `layout` on top of the stack, or `None` when the memory cannot grow.
    // Inlined: the allocator's two entry points are the only callers, and the hot path is a
    // few instructions (the package is built at opt-level "z", which would keep the calls).
    #[inline(always)]
    fn push(&mut self, layout: Layout) -> Option<usize> {
        let align = layout.align().max(MIN_ALIGN);
        let (mut block, mut stop) = place(self.next, align, layout.size())?;
        if stop > self.end {
            let fresh = (HEADER + align).checked_add(layout.size())?;
            if !self.grow(stop, fresh) {
                return None;
            }
            (block, stop) = place(self.next, align, layout.size())?;
        }
        // SAFETY: the header lies inside the region, below the block, aligned to a word.
        unsafe { header(block).write([self.next, self.top]) };
        self.next = stop;
        self.top = block;
        Some(block)
    }

    /// Marks `block` freed, then takes every freed block off the top of the stack.
    #[inline(always)]
    fn free(&mut self, block: usize) {
        // SAFETY: `block` was returned by `push` and not freed before (the caller's contract
        // for `dealloc`), so its header is intact.
        unsafe { (*header(block))[1] |= FREED };
        while self.top != 0 {
            // SAFETY: `top` is a block on the stack; its header is intact.
            let [before, below] = unsafe { *header(self.top) };
            if below & FREED == 0 {
                break;
            }
            self.next = before.max(self.floor);
            self.top = below & !FREED;
        }
    }

    /// Resizes the newest block where it is; false if the memory cannot grow right after it.
    fn resize_top(&mut self, block: usize, new_size: usize) -> bool {
        let Some(stop) = block.checked_add(new_size) else {
            return false;
        };
        if stop > self.end {
            let memory_end = wasm32::memory_size(0) * PAGE;
            if memory_end != self.end || !self.grow(stop, 0) {
                return false;
            }
        }
        self.next = stop;
        true
    }
}

unsafe impl GlobalAlloc for Arena {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded (see `Sync` above), and no reference to the state outlives
        // this call.
        let s = unsafe { &mut *self.0.get() };
        s.push(layout).map_or(null_mut(), |block| block as *mut u8)
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: as in `alloc`.
        let s = unsafe { &mut *self.0.get() };
        s.free(ptr as usize);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as in `alloc`.
        let s = unsafe { &mut *self.0.get() };
        let block = ptr as usize;
        if block == s.top {
            if s.resize_top(block, new_size) {
                return ptr;
            }
        } else if new_size <= layout.size() {
            return ptr;
        }
        // SAFETY: the caller guarantees that `new_size`, rounded up to `layout.align()`, does
        // not overflow; the alignment is `layout`'s, a valid one.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let Some(new) = s.push(new_layout) else {
            return null_mut();
        };
        // SAFETY: both blocks are valid for the smaller of the two sizes and do not overlap
        // (the new one lies above the old one, which is still on the stack).
        unsafe { core::ptr::copy_nonoverlapping(ptr, new as *mut u8, layout.size().min(new_size)) };
        s.free(block);
        new as *mut u8
    }
}
