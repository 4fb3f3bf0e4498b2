(module
  (import "env" "memory" (memory 1))
  ;; Register-tiled lower triangle of a packed block's Gram (src/solver/gramKernel.ts holds the
  ;; layout and the same arithmetic in JavaScript). z: panels of 4 columns, panel P at byte
  ;; z + P*B*32 with row i at +i*32 (its 4 values contiguous). For each panel pair KP <= JP in
  ;; P0 <= JP < P1, row r and column c of the 4x4 tile:
  ;;   acc[(4(JP-P0)+r)*ld + 4KP + c] += sum over i0 <= i < i1, in row order from 0, of z[JP][i][r] z[KP][i][c]
  ;; Each f64x2 lane is one entry's running sum (multiply, then add: the scalar loop's roundings),
  ;; so the bits equal the JavaScript loop's, whichever panels a call covers.
  ;; Reference: the 4x4 register-blocked micro-kernel of Goto & van de Geijn, "Anatomy of
  ;; high-performance matrix multiplication", ACM TOMS 34(3), 2008, on packed panels.
  (func (export "gramPanels") (param $z i32) (param $B i32) (param $i0 i32) (param $i1 i32)
        (param $P0 i32) (param $P1 i32) (param $acc i32) (param $ld i32)
    (local $JP i32) (local $KP i32) (local $pj i32) (local $pk i32) (local $end i32)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $x0 v128) (local $x1 v128) (local $s v128) (local $c i32) (local $ld8 i32)
    (local.set $ld8 (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $JP (local.get $P0))
    (block $doneJ (loop $loopJ
      (br_if $doneJ (i32.ge_u (local.get $JP) (local.get $P1)))
      (local.set $KP (i32.const 0))
      (block $doneK (loop $loopK
        (br_if $doneK (i32.gt_u (local.get $KP) (local.get $JP)))
        (local.set $a00 (v128.const f64x2 0 0)) (local.set $a01 (v128.const f64x2 0 0))
        (local.set $a10 (v128.const f64x2 0 0)) (local.set $a11 (v128.const f64x2 0 0))
        (local.set $a20 (v128.const f64x2 0 0)) (local.set $a21 (v128.const f64x2 0 0))
        (local.set $a30 (v128.const f64x2 0 0)) (local.set $a31 (v128.const f64x2 0 0))
        (local.set $pj (i32.add (local.get $z) (i32.add (i32.mul (local.get $JP) (i32.shl (local.get $B) (i32.const 5))) (i32.shl (local.get $i0) (i32.const 5)))))
        (local.set $pk (i32.add (local.get $z) (i32.add (i32.mul (local.get $KP) (i32.shl (local.get $B) (i32.const 5))) (i32.shl (local.get $i0) (i32.const 5)))))
        (local.set $end (i32.add (local.get $pj) (i32.shl (i32.sub (local.get $i1) (local.get $i0)) (i32.const 5))))
        (block $doneI (loop $loopI
          (br_if $doneI (i32.ge_u (local.get $pj) (local.get $end)))
          (local.set $x0 (v128.load (local.get $pk)))
          (local.set $x1 (v128.load offset=16 (local.get $pk)))
          (local.set $s (v128.load64_splat (local.get $pj)))
          (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $s) (local.get $x0))))
          (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $s) (local.get $x1))))
          (local.set $s (v128.load64_splat offset=8 (local.get $pj)))
          (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $s) (local.get $x0))))
          (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $s) (local.get $x1))))
          (local.set $s (v128.load64_splat offset=16 (local.get $pj)))
          (local.set $a20 (f64x2.add (local.get $a20) (f64x2.mul (local.get $s) (local.get $x0))))
          (local.set $a21 (f64x2.add (local.get $a21) (f64x2.mul (local.get $s) (local.get $x1))))
          (local.set $s (v128.load64_splat offset=24 (local.get $pj)))
          (local.set $a30 (f64x2.add (local.get $a30) (f64x2.mul (local.get $s) (local.get $x0))))
          (local.set $a31 (f64x2.add (local.get $a31) (f64x2.mul (local.get $s) (local.get $x1))))
          (local.set $pj (i32.add (local.get $pj) (i32.const 32)))
          (local.set $pk (i32.add (local.get $pk) (i32.const 32)))
          (br $loopI)))
        ;; c = acc + (4(JP-P0)*ld + 4KP)*8
        (local.set $c (i32.add (local.get $acc) (i32.shl (i32.add (i32.mul (i32.shl (i32.sub (local.get $JP) (local.get $P0)) (i32.const 2)) (local.get $ld)) (i32.shl (local.get $KP) (i32.const 2))) (i32.const 3))))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $a00)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $a01)))
        (local.set $c (i32.add (local.get $c) (local.get $ld8)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $a10)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $a11)))
        (local.set $c (i32.add (local.get $c) (local.get $ld8)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $a20)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $a21)))
        (local.set $c (i32.add (local.get $c) (local.get $ld8)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $a30)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $a31)))
        (local.set $KP (i32.add (local.get $KP) (i32.const 1)))
        (br $loopK)))
      (local.set $JP (i32.add (local.get $JP) (i32.const 1)))
      (br $loopJ)))
  )
)
