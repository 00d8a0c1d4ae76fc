# Plots lessons/02-pools/bench/run's data: ns per pair against threads, one
# line per allocator (the "local" pattern).
#   gnuplot -e "data='bench.dat'" plot.gp   -> pool-bench.svg
if (!exists("data")) data = 'bench.dat'
set terminal svg size 720,420 font "sans,12"
set output 'pool-bench.svg'
set title "Allocate + free of a 64-byte object"
set xlabel "threads"
set ylabel "ns per pair (lower is better)"
set xtics (1, 2, 4)
set key top left
set grid ytics
plot for [a in "glibc-malloc pool thread-cache jemalloc mimalloc"] \
     sprintf("< awk '$1 == \"%s\" && $2 == \"local\"' %s", a, data) \
     using 3:4 with linespoints title a
