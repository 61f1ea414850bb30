/*
 * tree.h - incident pressure at a point, fast: a quadtree under each cell
 * of the uniform grid, with Hermite moments, so that a block of incidents
 * far enough inside the cut-off circle is summed in one step instead of
 * one exponential per incident.
 *
 * Why: around the dense town centres a site has tens of thousands of
 * incidents within the cut-off, and 50,000 sites x 1,000,000 incidents
 * meant over three billion kernel evaluations with the plain 3 x 3 grid
 * (about 20 s on two cores).  The Gaussian splits over a block B of
 * incidents with centre c (Greengard & Strain's fast Gauss transform):
 *
 *   sum_{i in B} w_i exp(-|s - x_i|^2 / 2h^2)
 *       = sum_{a,b >= 0} M_ab h_a(t_x) h_b(t_y),    t = (s - c) / (sqrt(2) h)
 *
 *   M_ab = sum_i w_i u_i^a v_i^b / (a! b!),   (u_i, v_i) = (x_i - c) / (sqrt(2) h)
 *
 * with h_n(t) = e^(-t^2) H_n(t) the Hermite functions.  The moments M
 * depend on the block only, so they are computed once; a site pays p^2
 * multiply-adds per block for p terms a side.  The series is cut after p
 * terms only where a bound on what is left out (from Cramer's inequality
 * |h_n(t)| <= 1.0865 2^(n/2) sqrt(n!) e^(-t^2/2)) is below RISK_TREE_EPS
 * times the least the block can contribute; elsewhere the tree descends,
 * and in the leaves, and wherever a block straddles the cut-off circle,
 * each incident is added exactly as the brute-force reference adds it.
 * So the result differs from the brute-force sum by less than
 * RISK_TREE_EPS relative (plus rounding), which bench/risk.sh measures.
 *
 * The top level is the uniform grid of cell = cut-off radius, numbered
 * from the CRS origin; a site sums the trees of its 3 x 3 cells.  Each
 * tree depends only on the incidents of its own cell, in input order, so a
 * subset that holds whole cells (what `risk explain` loads) gives the same
 * trees, the same terms in the same order, and the same bits.
 * Pure: nothing here calls the host, so worker threads may query a tree.
 */
#ifndef RISK_TREE_H
#define RISK_TREE_H

#include <stddef.h>
#include <stdint.h>

/* The relative error allowed per block (and so overall). */
#define RISK_TREE_EPS 1e-11

struct risk_tnode {
	double cx, cy, half; /* the node's square */
	uint32_t lo, hi;     /* its points in the tree's arrays */
	int32_t child;       /* first child (children are adjacent), -1 for a leaf */
	uint8_t nchild;
	uint8_t level; /* 0 for a top cell, +1 a level down */
	uint8_t order; /* terms a side in the moments, 0 for none */
	uint32_t mom;  /* offset of its order x order moments in `mom` */
};

/* Levels below a top cell, and the most terms a side. */
#define RISK_TREE_DEPTH 16
#define RISK_TREE_PMAX  20

struct risk_tree {
	double cell;   /* top cell side */
	double delta;  /* sqrt(2) h */
	double inv2h2; /* 1 / 2h^2 */
	double cut2;   /* cut-off^2 */
	size_t n;
	double *x, *y, *w; /* the points, by top cell, then in Morton order */
	uint32_t *src;     /* each point's index in the input */
	int64_t *keys;     /* occupied top cells, increasing */
	int32_t *root;     /* root node of each top cell */
	uint32_t *start;   /* first point of each top cell */
	size_t ncells;
	struct risk_tnode *nodes;
	size_t nnodes, anodes;
	double *mom;
	size_t nmom;
	/* tail[l][p - 1]: the series' tail bound after p terms for nodes of
	 * level l, T_p(rho) = sum_{n >= p} (sqrt(2) rho)^n / sqrt(n!) */
	double tail[RISK_TREE_DEPTH + 1][RISK_TREE_PMAX];
};

/*
 * Builds the tree over n points with weights w (>= 0), top cell `cell`
 * (>= cutoff), Gaussian bandwidth h and cut-off radius `cutoff`, computing
 * the moments on `nthreads` threads.  Returns 0, or -1 when out of memory
 * or a coordinate cannot be indexed (the tree may still be released).
 */
int risk_tree_build(struct risk_tree *t, size_t n, const double *x, const double *y,
                    const double *w, double cell, double h, double cutoff, int nthreads);

void risk_tree_release(struct risk_tree *t);

/* The pressure sum at (sx, sy): every point within the cut-off. */
double risk_tree_eval(const struct risk_tree *t, double sx, double sy);

#endif /* RISK_TREE_H */
