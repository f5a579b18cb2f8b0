;; The two loops of a tree scan that run over nearly every byte, for WebAssembly (byte-kernels.ts
;; loads them; `npm run build:wasm` turns this file into byte-kernels-wasm.ts). Each computes
;; exactly what its JavaScript twin computes (prefilter.ts `scanWords`, notebook-bytes.ts
;; `hasControlByte`); tests run both on the same bytes. They are here because those loops ran
;; cold in every thread that scans (V8 optimises a long loop only after it has run a while in
;; the interpreter) and WebAssembly is compiled before it runs (docs/bench.md, tenth round).
;;
;; Memory: the caller writes a keyword table's arrays at the offsets it passes to `setup`, and the
;; bytes to look at above them. WebAssembly memory is little-endian, so a 16-bit load of bytes
;; b[i], b[i+1] is `b[i] | b[i+1] << 8`: the key of the pair table, as in prefilter.ts.
(module
  (memory (export "memory") 1)

  ;; Offsets of the table's arrays, set once per instance.
  (global $fold (mut i32) (i32.const 0))      ;; 256 bytes: ASCII letters to lower case, >= 0x80 to 0
  (global $neighbours (mut i32) (i32.const 0)) ;; 512 flags per slot value, 256 rows (byte-kernels.ts)
  (global $buckets (mut i32) (i32.const 0))   ;; per bucket: first entry index, entry count (u32 each)
  (global $entries (mut i32) (i32.const 0))   ;; i32 each: keywordId << 8 | offset of the pair
  (global $keywords (mut i32) (i32.const 0))  ;; per keyword: address of its bytes, length (u32 each)
  (global $seen (mut i32) (i32.const 0))      ;; one byte per keyword, 1 once it occurs
  ;; The pair table is at offset 0 (65,536 bytes): 0, NON_ASCII (255), or 1 + a bucket index.

  ;; Outputs of `scan` besides its result.
  (global $ascii (export "ascii") (mut i32) (i32.const 1))
  (global $remaining (export "remaining") (mut i32) (i32.const 0))

  (func (export "setup") (param $fold i32) (param $neighbours i32) (param $buckets i32)
                         (param $entries i32) (param $keywords i32) (param $seen i32)
    (global.set $fold (local.get $fold))
    (global.set $neighbours (local.get $neighbours))
    (global.set $buckets (local.get $buckets))
    (global.set $entries (local.get $entries))
    (global.set $keywords (local.get $keywords))
    (global.set $seen (local.get $seen)))

  ;; `scanWords`: the pairs at even offsets of data[0, len), marking the keywords that occur in
  ;; $seen (cleared by the caller) and clearing $ascii on a pair holding a byte >= 0x80. Returns
  ;; the offset up to which the bytes were looked at: the pair at which the last of `remaining`
  ;; keywords was seen, else len rounded down to even. The caller puts a NUL byte just before
  ;; and just after the data, the stand-in `mayHoldKeyword` uses past either end (the neighbour
  ;; check only turns pairs away: the comparison below is bounded by the data itself).
  ;;
  ;; One in seven pairs of ML text is in the table, too many for a branch on the slot to be
  ;; predicted, so every pair takes the neighbour check without one: slot 0 and NON_ASCII have
  ;; rows of zeros in the neighbour flags (256 rows of 512, indexed by the slot itself), and a
  ;; non-ASCII pair only sets a local flag.
  (func (export "scan") (param $data i32) (param $len i32) (param $remaining i32) (result i32)
    (local $at i32) (local $end i32) (local $slot i32) (local $flags i32) (local $here i32) (local $nonAscii i32)
    (local $entry i32) (local $entryEnd i32) (local $packed i32) (local $id i32)
    (local $start i32) (local $keyword i32) (local $keywordLength i32) (local $j i32)
    (global.set $remaining (local.get $remaining))
    (local.set $end (i32.and (local.get $len) (i32.const -2)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $here (i32.add (local.get $data) (local.get $at)))
        (local.set $slot (i32.load8_u (i32.load16_u (local.get $here))))
        (local.set $nonAscii (i32.or (local.get $nonAscii) (i32.eq (local.get $slot) (i32.const 255))))
        (local.set $flags (i32.add (global.get $neighbours) (i32.shl (local.get $slot) (i32.const 9))))
        (if (i32.or
              (i32.load8_u (i32.add (local.get $flags) (i32.load8_u (i32.sub (local.get $here) (i32.const 1)))))
              (i32.load8_u offset=256 (i32.add (local.get $flags) (i32.load8_u offset=2 (local.get $here)))))
          (then
            ;; `checkBucket`: compare each unseen keyword of the bucket where it would start.
            (local.set $entry (i32.load (i32.add (global.get $buckets)
              (i32.shl (i32.sub (local.get $slot) (i32.const 1)) (i32.const 3)))))
            (local.set $entryEnd (i32.add (local.get $entry) (i32.load offset=4 (i32.add (global.get $buckets)
              (i32.shl (i32.sub (local.get $slot) (i32.const 1)) (i32.const 3))))))
            (block $bucketDone
              (loop $bucket
                (br_if $bucketDone (i32.ge_u (local.get $entry) (local.get $entryEnd)))
                (local.set $packed (i32.load (i32.add (global.get $entries) (i32.shl (local.get $entry) (i32.const 2)))))
                (local.set $id (i32.shr_u (local.get $packed) (i32.const 8)))
                (local.set $start (i32.sub (local.get $at) (i32.and (local.get $packed) (i32.const 255))))
                (local.set $keyword (i32.load (i32.add (global.get $keywords) (i32.shl (local.get $id) (i32.const 3)))))
                (local.set $keywordLength (i32.load offset=4 (i32.add (global.get $keywords) (i32.shl (local.get $id) (i32.const 3)))))
                (if (i32.and
                      (i32.eqz (i32.load8_u (i32.add (global.get $seen) (local.get $id))))
                      (i32.and (i32.ge_s (local.get $start) (i32.const 0))
                               (i32.le_s (i32.add (local.get $start) (local.get $keywordLength)) (local.get $len))))
                  (then
                    (local.set $j (i32.const 0))
                    (block $differs
                      (loop $compare
                        (if (i32.lt_u (local.get $j) (local.get $keywordLength))
                          (then
                            (br_if $differs (i32.ne
                              (i32.load8_u (i32.add (global.get $fold)
                                (i32.load8_u (i32.add (i32.add (local.get $data) (local.get $start)) (local.get $j)))))
                              (i32.load8_u (i32.add (local.get $keyword) (local.get $j)))))
                            (local.set $j (i32.add (local.get $j) (i32.const 1)))
                            (br $compare))))
                      (i32.store8 (i32.add (global.get $seen) (local.get $id)) (i32.const 1))
                      (global.set $remaining (i32.sub (global.get $remaining) (i32.const 1)))
                      (if (i32.eqz (global.get $remaining))
                        (then
                          (global.set $ascii (i32.eqz (local.get $nonAscii)))
                          (return (local.get $at)))))))
                (local.set $entry (i32.add (local.get $entry) (i32.const 1)))
                (br $bucket)))))
        (local.set $at (i32.add (local.get $at) (i32.const 2)))
        (br $pairs)))
    (global.set $ascii (i32.eqz (local.get $nonAscii)))
    (local.get $end))

  ;; `hasControlByte`: 1 if a byte below 0x20 lies in [from, to), else 0; 64 bytes per step.
  (func (export "hasControl") (param $at i32) (param $to i32) (result i32)
    (local $limit v128)
    (local.set $limit (i8x16.splat (i32.const 0x20)))
    (block $tail
      (loop $blocks
        (br_if $tail (i32.gt_u (i32.add (local.get $at) (i32.const 64)) (local.get $to)))
        (if (v128.any_true (v128.or
              (v128.or (i8x16.lt_u (v128.load (local.get $at)) (local.get $limit))
                       (i8x16.lt_u (v128.load offset=16 (local.get $at)) (local.get $limit)))
              (v128.or (i8x16.lt_u (v128.load offset=32 (local.get $at)) (local.get $limit))
                       (i8x16.lt_u (v128.load offset=48 (local.get $at)) (local.get $limit)))))
          (then (return (i32.const 1))))
        (local.set $at (i32.add (local.get $at) (i32.const 64)))
        (br $blocks)))
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $at) (local.get $to)))
        (if (i32.lt_u (i32.load8_u (local.get $at)) (i32.const 0x20)) (then (return (i32.const 1))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $bytes)))
    (i32.const 0))
)
